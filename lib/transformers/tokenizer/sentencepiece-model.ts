// Reads a sentencepiece `.model` file (a ModelProto protobuf, sentencepiece_model.proto) — only the fields the
// conversion to tokenizer.json needs, the others are skipped — with protobufjs' wire reader.
import protobuf from 'protobufjs/minimal.js';

export type PieceType = 'NORMAL' | 'UNKNOWN' | 'CONTROL' | 'USER_DEFINED' | 'UNUSED' | 'BYTE';
const PIECE_TYPES: Record<number, PieceType> = { 1: 'NORMAL', 2: 'UNKNOWN', 3: 'CONTROL', 4: 'USER_DEFINED', 5: 'UNUSED', 6: 'BYTE' };

export interface SentencePiece {
  piece: string;
  score: number;
  type: PieceType;
}

export interface SentencePieceModel {
  pieces: SentencePiece[];
  /** TrainerSpec.model_type: 1 unigram, 2 bpe, 3 word, 4 char. */
  modelType: number;
  unkId: number;
  unkPiece: string;
  byteFallback: boolean;
  /** NormalizerSpec.precompiled_charsmap (empty when the model has none). */
  precompiledCharsmap: Uint8Array;
  addDummyPrefix: boolean;
}

type Reader = protobuf.Reader;

/** Calls `field(number, wireType)` for every field of the message that ends at `end`. */
function readFields(r: Reader, end: number, field: (num: number, wire: number) => boolean): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (!field(tag >>> 3, tag & 7)) r.skipType(tag & 7);
  }
}

function readPiece(r: Reader, end: number): SentencePiece {
  const out: SentencePiece = { piece: '', score: 0, type: 'NORMAL' };
  readFields(r, end, (num, wire) => {
    if (num === 1 && wire === 2) out.piece = r.string();
    else if (num === 2 && wire === 5) out.score = r.float();
    else if (num === 3 && wire === 0) out.type = PIECE_TYPES[r.int32()] ?? 'NORMAL';
    else return false;
    return true;
  });
  return out;
}

/** Parses the bytes of a `.model` file; `source` names the file in errors. */
export function readSentencePieceModel(bytes: Uint8Array, source: string): SentencePieceModel {
  const model: SentencePieceModel = {
    pieces: [],
    modelType: 1,
    unkId: 0,
    unkPiece: '<unk>',
    byteFallback: false,
    precompiledCharsmap: new Uint8Array(0),
    addDummyPrefix: true,
  };
  const r = protobuf.Reader.create(bytes);
  try {
    readFields(r, r.len, (num, wire) => {
      if (wire !== 2 || num > 3) return false;
      const end = r.uint32() + r.pos;
      if (num === 1) model.pieces.push(readPiece(r, end));
      else if (num === 2) {
        readFields(r, end, (n, w) => {
          if (n === 3 && w === 0) model.modelType = r.int32();
          else if (n === 35 && w === 0) model.byteFallback = r.bool();
          else if (n === 40 && w === 0) model.unkId = r.int32();
          else if (n === 45 && w === 2) model.unkPiece = r.string();
          else return false;
          return true;
        });
      } else {
        readFields(r, end, (n, w) => {
          if (n === 2 && w === 2) model.precompiledCharsmap = r.bytes();
          else if (n === 3 && w === 0) model.addDummyPrefix = r.bool();
          else return false;
          return true;
        });
      }
      return true;
    });
  } catch (err) {
    throw new Error(`${source} is not a sentencepiece model (a ModelProto protobuf): ${(err as Error).message}`, { cause: err });
  }
  if (model.pieces.length === 0) throw new Error(`${source} is not a sentencepiece model: it holds no pieces`);
  if (model.unkId < 0 || model.unkId >= model.pieces.length) throw new Error(`${source}: unk_id ${model.unkId} is outside the ${model.pieces.length} pieces`);
  return model;
}
