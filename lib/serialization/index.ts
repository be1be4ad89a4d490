// Checkpoint formats as raw tensor records (internal to tstorch: the model loader and savePretrained use it).
export { DTYPE_SIZE, RAW_DTYPES, assertRawTensor, isRawDType, numelOf, type RawDType, type RawTensor } from './raw-tensor.js';
export {
  SAFETENSORS_INDEX_NAME,
  SAFETENSORS_MAX_HEADER_SIZE,
  buildSafetensorsHeader,
  parseSafetensors,
  readSafetensors,
  readSafetensorsHeader,
  readSafetensorsIndex,
  serializeSafetensors,
  writeSafetensors,
  type ReadSafetensorsOptions,
  type SafetensorsFile,
  type SafetensorsIndexFile,
} from './safetensors.js';
export { parseTorchZip, readTorchZip, type TorchCheckpoint } from './torch-zip.js';
export {
  fixLegacyKey,
  formatLoadWarnings,
  mapCheckpointKeys,
  pyListRepr,
  pyRepr,
  sizeMismatchError,
  torchSizeRepr,
  type KeyMappingOptions,
  type LoadMessage,
  type LoadReport,
  type MismatchedKey,
} from './checkpoint-keys.js';
export { writeFileAtomic } from './atomic-write.js';
