export { Wav2Vec2Config } from './configuration_wav2vec2.js';
export {
  Wav2Vec2Model, Wav2Vec2ForSequenceClassification, featExtractOutputLength,
  type Wav2Vec2BaseModelOutput, type Wav2Vec2Inputs,
} from './modeling_wav2vec2.js';
