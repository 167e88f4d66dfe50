/**
 * What the web client adds to the HTTP surface. Static files for a browser, not API operations: the
 * OpenAPI document lists them under `x-outside-api` instead of `paths` (no SDK call, no envelope).
 */
export const WEB_APP_ROUTES: { path: string; description: string }[] = [
  { path: '/app', description: 'The web client (HTML; Cache-Control: no-cache; its own CSP).' },
  {
    path: '/app/assets/{file}',
    description: 'Its content-hashed scripts and styles (cached for a year, immutable); 404 otherwise.',
  },
  { path: '/', description: 'Outside production: 302 to /app. In production an unknown route (404).' },
];
