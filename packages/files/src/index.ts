export { addressOf, assertAddress, CorruptFileError, type ContentAddress, type FileStore } from './store';
export { diskFileStore } from './disk';
export { s3FileStore, type S3StoreOptions } from './s3';
export { fileStoreFromEnv, FILE_STORE_ENV, type FileStoreEnv } from './env';
export { clamdScanner, clamscanScanner, DEFAULT_SCAN_TIMEOUT_MS, SCANNER_ENV, ScanFailedError, scannerFromEnv, type Scanner, type ScannerEnv, type ScanVerdict } from './scan';
export { sniffType } from './sniff';
