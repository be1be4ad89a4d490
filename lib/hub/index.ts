// Internal Hugging Face hub client used by tstorch/transformers (models, tokenizers) and tstorch/datasets.
export { hfHubDownload, type HfHubDownloadOptions, type HubOptions } from './hf-hub-download.js';
export { resolveRepoFile, isLocalFolder, type ResolveOptions } from './resolve.js';
export { listRepoFiles, type RepoListing } from './list.js';
export { HubError, type HubErrorCode } from './errors.js';
export type { DownloadProgress } from './download.js';
export { hubCacheDir, hubEndpoint, hubOffline, hubToken } from './env.js';
export { isValidRepoId, isCommitHash, repoFolderName, type RepoType } from './repo.js';
