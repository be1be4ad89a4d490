// Image and audio decoding run in one worker thread, so there is a single decode implementation for both the
// async API (loadImage/loadAudio) and the synchronous one that lazily decoded data set columns need (a row read
// is synchronous; sharp and the FLAC decoder are not). The synchronous path blocks on Atomics.wait and reads the
// reply with receiveMessageOnPort.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Decoded image: uint8 RGB, row-major H×W×3. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
}
/** Decoded audio: one Float32Array per channel, int PCM scaled by 1/2^(bits-1) (as libsndfile/soundfile). */
export interface DecodedAudio {
  channels: Float32Array[];
  samplingRate: number;
  bitDepth: number;
}
type Kind = 'image' | 'audio';
type Reply = { id: number; ok: true; value: DecodedImage | DecodedAudio } | { id: number; ok: false; message: string };

// The worker: sharp with EXIF rotation, no ICC transform (Pillow applies none), colourspace sRGB (gray -> RGB),
// alpha dropped (Pillow's convert('RGB') drops it), 8 bits. WAV through wavefile, FLAC through
// @wasm-audio-decoders/flac, whose floats are int/(2^(bits-1)-1): the integers are recovered and rescaled.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let libs;
async function load() {
  if (!libs) {
    const [sharp, wavefile, flac] = await Promise.all(workerData.urls.map((u) => import(u)));
    libs = { sharp: sharp.default, WaveFile: (wavefile.default ?? wavefile).WaveFile, FLACDecoder: flac.FLACDecoder };
  }
  return libs;
}
async function image(bytes) {
  const { sharp } = await load();
  const { data, info } = await sharp(bytes, { ignoreIcc: true, failOn: 'warning', limitInputPixels: false })
    .rotate().toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error('decoded to ' + info.channels + ' channels, expected 3 (RGB)');
  return { value: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }, transfer: [data.buffer] };
}
// ints / 2^(bits-1); with \`full\`, the input holds floats int/full that are rounded back to the integer first.
function fromInts(values, bits, full) {
  const scale = 1 / 2 ** (bits - 1);
  const out = new Float32Array(values.length);
  if (full) for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i] * full) * scale;
  else for (let i = 0; i < values.length; i++) out[i] = values[i] * scale;
  return out;
}
async function audio(bytes) {
  const { WaveFile, FLACDecoder } = await load();
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic === 'fLaC') {
    const dec = new FLACDecoder();
    await dec.ready;
    try {
      const r = await dec.decodeFile(bytes);
      if (r.errors && r.errors.length) throw new Error('FLAC decode error: ' + r.errors[0].error);
      if (!r.samplesDecoded) throw new Error('FLAC stream holds no samples (truncated or corrupt)');
      const full = 2 ** (r.bitDepth - 1) - 1;
      const channels = r.channelData.map((c) => fromInts(c, r.bitDepth, full));
      return { value: { channels, samplingRate: r.sampleRate, bitDepth: r.bitDepth }, transfer: channels.map((c) => c.buffer) };
    } finally { dec.free(); }
  }
  if (magic !== 'RIFF' && magic !== 'RIFX' && magic !== 'RF64') throw new Error('not a WAV (RIFF) or FLAC file');
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt;
  const bits = Number(wav.bitDepth);
  const isFloat = fmt.audioFormat === 3 || (fmt.audioFormat === 65534 && wav.bitDepth.startsWith('32f'));
  const expected = fmt.numChannels * (fmt.bitsPerSample / 8);
  if (!wav.data || !wav.data.samples || wav.data.samples.length === 0 || wav.data.samples.length % expected !== 0) {
    throw new Error('WAV data chunk is empty or truncated (' + (wav.data && wav.data.samples ? wav.data.samples.length : 0) + ' bytes)');
  }
  let samples = wav.getSamples(false, Float64Array);
  if (fmt.numChannels === 1) samples = [samples];
  const channels = samples.map((c) => isFloat ? Float32Array.from(c) : bits === 8 ? fromInts(c.map((v) => v - 128), 8) : fromInts(c, bits));
  return { value: { channels, samplingRate: fmt.sampleRate, bitDepth: bits }, transfer: channels.map((c) => c.buffer) };
}
let syncPort;
function signalled(signal) { Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); }
parentPort.on('message', async ({ id, kind, bytes, port, signal }) => {
  if (kind === 'init') { syncPort = port; syncPort.postMessage({ id, ok: true, value: null }); signalled(signal); return; }
  let reply, transfer = [];
  try {
    const r = kind === 'image' ? await image(bytes) : await audio(bytes);
    reply = { id, ok: true, value: r.value };
    transfer = r.transfer;
  } catch (e) {
    reply = { id, ok: false, message: e && e.message ? e.message : String(e) };
  }
  (signal ? syncPort : parentPort).postMessage(reply, transfer);
  if (signal) signalled(signal);
});
`;

const SYNC_TIMEOUT_MS = 120_000;

class DecodeBridge {
  #worker: Worker | undefined;
  #pending = new Map<number, { resolve: (r: Reply) => void }>();
  #nextId = 1;
  #sync: { mine: MessagePort; theirs: MessagePort; signal: Int32Array } | undefined;

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const require = createRequire(import.meta.url);
    const urls = ['sharp', 'wavefile', '@wasm-audio-decoders/flac'].map((p) => pathToFileURL(require.resolve(p)).href);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { urls } });
    worker.unref();
    worker.on('message', (r: Reply) => {
      this.#pending.get(r.id)?.resolve(r);
      this.#pending.delete(r.id);
    });
    worker.on('error', (e) => this.#fail(e));
    worker.on('exit', (code) => this.#fail(new Error(`the decode worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #fail(e: Error): void {
    this.#worker = undefined;
    this.#sync = undefined;
    for (const [id, p] of this.#pending) p.resolve({ id, ok: false, message: e.message });
    this.#pending.clear();
  }

  async run(kind: Kind, bytes: Uint8Array): Promise<DecodedImage | DecodedAudio> {
    const worker = this.#start();
    const id = this.#nextId++;
    const reply = new Promise<Reply>((resolve) => this.#pending.set(id, { resolve }));
    // A pending decode keeps the process alive; the worker is unref'd otherwise.
    worker.ref();
    worker.postMessage({ id, kind, bytes });
    try {
      return unwrap(await reply);
    } finally {
      if (this.#pending.size === 0) worker.unref();
    }
  }

  runSync(kind: Kind, bytes: Uint8Array): DecodedImage | DecodedAudio {
    const worker = this.#start();
    if (!this.#sync) {
      const { port1, port2 } = new MessageChannel();
      port1.unref();
      this.#sync = { mine: port1, theirs: port2, signal: new Int32Array(new SharedArrayBuffer(4)) };
      worker.postMessage({ id: 0, kind: 'init', port: port2, signal: this.#sync.signal }, [port2]);
      // The init message is answered on the sync port; wait for it so the port is set up.
      this.#await();
    }
    const id = this.#nextId++;
    Atomics.store(this.#sync.signal, 0, 0);
    worker.postMessage({ id, kind, bytes, signal: this.#sync.signal });
    return unwrap(this.#await());
  }

  #await(): Reply {
    const sync = this.#sync!;
    if (Atomics.wait(sync.signal, 0, 0, SYNC_TIMEOUT_MS) === 'timed-out') throw new Error(`decoding took longer than ${SYNC_TIMEOUT_MS / 1000} s`);
    Atomics.store(sync.signal, 0, 0);
    const msg = receiveMessageOnPort(sync.mine);
    if (!msg) throw new Error('the decode worker signalled without a reply');
    return msg.message as Reply;
  }
}

function unwrap(r: Reply): DecodedImage | DecodedAudio {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const bridge = new DecodeBridge();

export const decodeImageBytes = (bytes: Uint8Array): Promise<DecodedImage> => bridge.run('image', bytes) as Promise<DecodedImage>;
export const decodeImageBytesSync = (bytes: Uint8Array): DecodedImage => bridge.runSync('image', bytes) as DecodedImage;
export const decodeAudioBytes = (bytes: Uint8Array): Promise<DecodedAudio> => bridge.run('audio', bytes) as Promise<DecodedAudio>;
export const decodeAudioBytesSync = (bytes: Uint8Array): DecodedAudio => bridge.runSync('audio', bytes) as DecodedAudio;
