import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators/public.decorator.js';
import { Configuration } from '../config/configuration.js';
import { cacheControlFor, WEB_APP_CSP, WebAppFiles } from './web-app-files.js';

const NOT_BUILT =
  'The web client is not built: run `npm run build` (it bundles web/ into WEB_APP_DIR, default ./dist/web).\n';

/**
 * The web client's static files. Not API routes, so not in /docs-json (it names them in
 * `x-outside-api`): the page, its hashed assets, and in development `/` → `/app`.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebAppController {
  constructor(
    @Inject(WebAppFiles) private readonly files: WebAppFiles,
    @Inject(Configuration) private readonly config: Configuration,
  ) {}

  @Get()
  home(@Res() response: Response): void {
    if (this.config.of('app').production) throw new NotFoundException();
    response.redirect(302, '/app');
  }

  @Get('app')
  page(@Res() response: Response): void {
    const page = this.files.page();
    if (page === null) {
      response.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    this.send(response, page, cacheControlFor(null));
  }

  @Get('app/assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const asset = this.files.asset(file);
    if (asset === null) throw new NotFoundException();
    this.send(response, asset, cacheControlFor(file));
  }

  private send(response: Response, path: string, cacheControl: string): void {
    // Replaces helmet's default policy (which also upgrades insecure requests: STACK.md).
    response.setHeader('Content-Security-Policy', WEB_APP_CSP);
    response.sendFile(
      path,
      {
        root: this.files.root,
        dotfiles: 'deny',
        cacheControl: false,
        headers: { 'Cache-Control': cacheControl },
      },
      (error?: Error) => {
        // The file vanished between the check and the read (a rebuild), or the client went away.
        if (error && !response.headersSent) response.status(500).end();
      },
    );
  }
}
