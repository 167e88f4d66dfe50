// The web client served at /app (web/ in the repository; docs/web-client.md).
export { WebAppModule } from './web-app.module.js';
export { WEB_APP_ROUTES } from './web-app.routes.js';
