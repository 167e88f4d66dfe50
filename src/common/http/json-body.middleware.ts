import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { Configuration } from '../../config/configuration.js';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { MalformedBodyError, PayloadTooLargeError } from '../errors/domain-error.js';
import { pathOf, routeFamily } from './route-family.js';

/**
 * Parses JSON bodies inside Nest's middleware chain (not as a bare Express handler) so a bad body
 * or an oversized one reaches the exception filter and answers in the route family's envelope.
 * Flash routes parse a body as JSON whatever its Content-Type (missing, text/plain, form): the old
 * clients sent none (API.md §2). Every other route reads only JSON types.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parseJson: RequestHandler;
  private readonly parseAny: RequestHandler;

  constructor(@Inject(Configuration) config: Configuration) {
    const { bodyLimitBytes } = config.of('app');
    const options = { limit: bodyLimitBytes, strict: true };
    this.parseJson = express.json({ ...options, type: ['application/json', '+json'] });
    this.parseAny = express.json({ ...options, type: () => true });
  }

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const parse = routeFamily(pathOf(request)) === 'flash' ? this.parseAny : this.parseJson;
    // Thrown (not passed to `next`) so Nest's middleware proxy hands it to the exception filter.
    await new Promise<void>((resolve, reject) => {
      parse(request, response, (error?: unknown) => {
        if (error === undefined || error === null) return resolve();
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') return reject(new PayloadTooLargeError());
        reject(new MalformedBodyError(type === 'entity.parse.failed' ? 'malformed JSON body' : undefined));
      });
    });
    next();
  }
}
