// The settings the request cycle reads on every request, taken once when the
// handler is built (the settings proxy is cheap, but not free per request).
import { settings } from '../conf/settings';

export interface HttpConfig {
  debug: boolean;
  allowedHosts: string[];
  useXForwardedHost: boolean;
  proxySslHeader: [string, string] | null;
  dataUploadMaxMemorySize: number | null;
  dataUploadMaxNumberFields: number | null;
  dataUploadMaxNumberFiles: number | null;
  fileUploadMaxMemorySize: number;
  fileUploadTempDir: string | null;
}

export const DEFAULT_HTTP_CONFIG: HttpConfig = {
  debug: false,
  allowedHosts: [],
  useXForwardedHost: false,
  proxySslHeader: null,
  dataUploadMaxMemorySize: 2.5 * 1024 * 1024,
  dataUploadMaxNumberFields: 1000,
  dataUploadMaxNumberFiles: 100,
  fileUploadMaxMemorySize: 2.5 * 1024 * 1024,
  fileUploadTempDir: null,
};

export function httpConfigFromSettings(): HttpConfig {
  const debug = settings.DEBUG;
  let allowedHosts = [...settings.ALLOWED_HOSTS];
  // Django's development default: with DEBUG and no hosts, local names only.
  if (debug && allowedHosts.length === 0) allowedHosts = ['.localhost', '127.0.0.1', '[::1]'];
  return {
    debug,
    allowedHosts,
    useXForwardedHost: settings.USE_X_FORWARDED_HOST,
    proxySslHeader: settings.SECURE_PROXY_SSL_HEADER ? [settings.SECURE_PROXY_SSL_HEADER[0].toLowerCase(), settings.SECURE_PROXY_SSL_HEADER[1]] : null,
    dataUploadMaxMemorySize: settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    dataUploadMaxNumberFields: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    dataUploadMaxNumberFiles: settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    fileUploadMaxMemorySize: settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
    fileUploadTempDir: settings.FILE_UPLOAD_TEMP_DIR,
  };
}
