// The built web client (web/, bundled by `npm run build` into WEB_APP_DIR): which file a request may
// get, and the headers it is served with. Only `index.html` and the flat `assets/` folder are served;
// names are checked before they touch the file system.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The page loads only its own scripts, styles and images and talks only to its own origin (XHR and /ws). */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** esbuild's `[name]-[hash]` names: the content hash makes them safe to cache for good. */
const HASHED = /-[A-Z0-9]{8,}\.[a-z0-9]+$/;
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export const ONE_YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The page itself is revalidated on every load (so a new build is picked up); hashed assets never. */
export function cacheControlFor(asset: string | null): string {
  return asset !== null && HASHED.test(asset) ? ONE_YEAR_IMMUTABLE : REVALIDATE;
}

export function isAssetName(name: string): boolean {
  return ASSET_NAME.test(name) && !name.includes('..');
}

export class WebAppFiles {
  readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  /** Relative to `root`, for `res.sendFile(path, {root})`; null when there is no such file. */
  page(): string | null {
    return existsSync(join(this.root, 'index.html')) ? 'index.html' : null;
  }

  asset(name: string): string | null {
    if (!isAssetName(name)) return null;
    const path = join('assets', name);
    return existsSync(join(this.root, path)) ? path : null;
  }
}
