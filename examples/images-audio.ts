// "Preprocess" for images and audio, then fine-tuning with the Trainer. Contract for the public API, like the
// other scripts here (../shared/tutorial/images-audio.ts; run from the repo root). Offline: VIT=../shared/fixtures/hf-tiny-vit/model W2V=../shared/fixtures/hf-tiny-wav2vec2/model
// IMAGES=<an imagefolder: one sub-folder per class> AUDIO=../shared/fixtures/audio
// Beyond the contract: OUTPUT_DIR (default vit-out) is where the ViT fine-tuned on IMAGES is saved, and
// AUDIO_SECONDS=N keeps the first N seconds of the clip (default: all of it; the tiny fixture model makes 1,600
// frames a second, so the whole 11 s clip needs ~5 GB per attention layer).
//   npx tsx --conditions=source examples/images-audio.ts
import * as torch from 'tstorch';
import { loadDataset } from 'tstorch/datasets';
import {
  AutoFeatureExtractor, AutoImageProcessor, AutoModelForAudioClassification, AutoModelForImageClassification,
  Trainer, TrainingArguments, loadAudio, loadImage,
} from 'tstorch/transformers';

const VIT = process.env.VIT ?? 'google/vit-base-patch16-224-in21k';
const W2V = process.env.W2V ?? 'facebook/wav2vec2-base';
const OUTPUT_DIR = process.env.OUTPUT_DIR ?? 'vit-out';
const AUDIO_SECONDS = process.env.AUDIO_SECONDS === undefined ? Infinity : Number(process.env.AUDIO_SECONDS);
if (!(AUDIO_SECONDS > 0)) throw new RangeError(`AUDIO_SECONDS must be a positive number of seconds (or unset for the whole clip), got '${process.env.AUDIO_SECONDS}'`);

// Images: load (EXIF orientation applied, converted to RGB, as transformers' load_image), then the processor.
const processor = await AutoImageProcessor.fromPretrained(VIT);
const image = await loadImage(process.env.IMAGE ?? '../shared/fixtures/images/cats_coco_000000039769.png');
const inputs = processor(image, { returnTensors: 'pt' }); // { pixel_values: float32 [1, 3, H, W] }
const vit = await AutoModelForImageClassification.fromPretrained(VIT, { numLabels: 3, ignoreMismatchedSizes: true });
console.log(torch.noGrad(() => vit.forward(inputs)).logits.shape);

// An imagefolder data set (class folders become labels), processed with map, trained with the Trainer.
if (process.env.IMAGES) {
  const ds = await loadDataset('imagefolder', { dataDir: process.env.IMAGES });
  const prepared = (await ds.train.map((ex: { image: unknown[] }) => processor(ex.image), { batched: true })).removeColumns(['image']);
  const trainer = new Trainer({ model: vit, args: new TrainingArguments({ outputDir: OUTPUT_DIR, numTrainEpochs: 1, perDeviceTrainBatchSize: 2, reportTo: 'none' }), trainDataset: prepared });
  await trainer.train();
  trainer.saveModel();
}

// Audio: decode and resample to the extractor's rate, then normalize and pad into a batch.
const extractor = await AutoFeatureExtractor.fromPretrained(W2V);
const speech = (await loadAudio(`${process.env.AUDIO ?? '../shared/fixtures/audio'}/jfk.flac`, { samplingRate: extractor.samplingRate })).subarray(0, AUDIO_SECONDS * extractor.samplingRate);
const features = extractor([speech, speech.subarray(0, 8000)], { samplingRate: extractor.samplingRate, padding: true, returnTensors: 'pt' });
const w2v = await AutoModelForAudioClassification.fromPretrained(W2V, { numLabels: 3, ignoreMismatchedSizes: true });
w2v.freezeFeatureEncoder();
console.log(torch.noGrad(() => w2v.forward(features)).logits.shape);
