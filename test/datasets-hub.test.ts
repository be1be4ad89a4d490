// loadDataset(<hub id>) against the loopback hub: Parquet files in the hub's layouts, the shared cache, offline reuse.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Dataset, loadDataset } from 'tstorch/datasets';
import { startHubServer, type HubServer } from './helpers/hub-server.js';

const STARS = ['1 star', '2 star', '3 stars', '4 stars', '5 stars'];

/** A Parquet file as `datasets` writes it: label (ClassLabel, int64) and text, with the features in the metadata. */
function yelpParquet(rows: number, offset: number): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'label', data: BigInt64Array.from({ length: rows }, (_, i) => BigInt((offset + i) % 5)), type: 'INT64' },
        { name: 'text', data: Array.from({ length: rows }, (_, i) => `review number ${offset + i}`) },
      ],
      kvMetadata: [
        {
          key: 'huggingface',
          value: JSON.stringify({ info: { features: { label: { names: STARS, _type: 'ClassLabel' }, text: { dtype: 'string', _type: 'Value' } } } }),
        },
      ],
    }),
  );
}

let hub: HubServer;
let cacheDir: string;
const saved = { ...process.env };

beforeAll(async () => {
  hub = await startHubServer({
    repos: [
      {
        id: 'Yelp/yelp_review_full',
        type: 'dataset',
        aliases: ['yelp_review_full'],
        files: {
          'README.md': '---\nconfigs:\n- config_name: yelp_review_full\n---\n# Yelp',
          '.gitattributes': '*.parquet filter=lfs',
          'yelp_review_full/train-00000-of-00001.parquet': yelpParquet(40, 0),
          'yelp_review_full/test-00000-of-00001.parquet': yelpParquet(10, 1000),
        },
      },
      {
        // A script-based data set: only the hub's Parquet export has data.
        id: 'legacy/scripted',
        type: 'dataset',
        files: { 'scripted.py': 'import datasets', 'README.md': '# scripted' },
        revisions: {
          'refs/convert/parquet': {
            files: {
              'default/train/0000.parquet': yelpParquet(30, 0),
              'default/train/0001.parquet': yelpParquet(20, 30),
              'default/validation/0000.parquet': yelpParquet(5, 500),
            },
          },
        },
      },
      {
        id: 'org/multi',
        type: 'dataset',
        files: {
          'sst2/train-00000-of-00001.parquet': yelpParquet(6, 0),
          'sst2/validation-00000-of-00001.parquet': yelpParquet(3, 0),
          'cola/train-00000-of-00001.parquet': yelpParquet(4, 0),
        },
      },
      {
        id: 'org/csv-data',
        type: 'dataset',
        files: { 'data/train.csv': 'label,text\n0,hello\n1,world\n', 'data/test.csv': 'label,text\n1,bye\n' },
      },
    ],
  });
});
afterAll(() => hub.close());

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'tstorch-ds-hub-'));
  process.env.HF_ENDPOINT = hub.url;
  process.env.HF_HUB_CACHE = cacheDir;
  delete process.env.HF_HUB_OFFLINE;
  delete process.env.HF_TOKEN;
  hub.resetLog();
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('loadDataset from the hub', () => {
  it('yelp_review_full: legacy id, Parquet data files on main, ClassLabel features, shared cache layout', async () => {
    const ds = await loadDataset('yelp_review_full');
    expect(ds.keys()).toEqual(['train', 'test']);
    expect(ds.numRows).toEqual({ train: 40, test: 10 });
    expect(ds.train.features).toEqual({ label: { dtype: 'int64', names: STARS }, text: { dtype: 'string' } });
    expect(ds.test.at(3)).toEqual({ label: 3, text: 'review number 1003' });
    const commit = hub.commit('Yelp/yelp_review_full', 'main', 'dataset');
    const snapshot = join(cacheDir, 'datasets--Yelp--yelp_review_full', 'snapshots', commit);
    expect(existsSync(join(snapshot, 'yelp_review_full', 'train-00000-of-00001.parquet'))).toBe(true);
    expect(existsSync(join(snapshot, 'README.md'))).toBe(false); // only data files are fetched
  });

  it('loads again from the cache: no file bodies the second time, no network at all offline', async () => {
    await loadDataset('Yelp/yelp_review_full');
    const downloads = hub.count({ path: '/cdn/' });
    expect(downloads).toBe(2);
    hub.resetLog();
    const again = await loadDataset('Yelp/yelp_review_full');
    expect(again.numRows).toEqual({ train: 40, test: 10 });
    expect(hub.count({ path: '/cdn/' })).toBe(0);
    expect(hub.count({ method: 'HEAD' })).toBe(0); // pinned to the listed commit, which is cached
    hub.resetLog();
    process.env.HF_HUB_OFFLINE = '1';
    const offline = await loadDataset('yelp_review_full', { split: 'test' });
    expect(offline).toBeInstanceOf(Dataset);
    expect(offline.column('text')[0]).toBe('review number 1000');
    expect(hub.requests).toHaveLength(0);
  });

  it('downloads only the requested split', async () => {
    const test = await loadDataset('Yelp/yelp_review_full', { split: 'test[:4]' });
    expect(test.length).toBe(4);
    expect(hub.count({ path: '/cdn/' })).toBe(1);
  });

  it('falls back to the refs/convert/parquet export ({config}/{split}/NNNN.parquet) and joins shards', async () => {
    const ds = await loadDataset('legacy/scripted');
    expect(ds.numRows).toEqual({ train: 50, validation: 5 });
    expect(ds.train.at(35).text).toBe('review number 35');
    expect(hub.count({ path: '/api/datasets/legacy/scripted/revision/refs/convert/parquet' })).toBe(1);
  });

  it('asks for a config when there are several, and loads the one named', async () => {
    await expect(loadDataset('org/multi')).rejects.toThrow(/several configs: cola, sst2; pass one as loadDataset\(path, name\)/);
    const sst2 = await loadDataset('org/multi', 'sst2');
    expect(sst2.numRows).toEqual({ train: 6, validation: 3 });
    await expect(loadDataset('org/multi', { name: 'mnli' })).rejects.toThrow(/config "mnli" not found/);
  });

  it('reads CSV data files of a hub repo', async () => {
    const ds = await loadDataset('org/csv-data');
    expect(ds.train.toList()).toEqual([
      { label: 0, text: 'hello' },
      { label: 1, text: 'world' },
    ]);
    expect(ds.test.column('text')).toEqual(['bye']);
  });

  it('says which data set is missing', async () => {
    await expect(loadDataset('org/nothing-here')).rejects.toThrow(/Repository org\/nothing-here not found on the hub/);
  });
});
