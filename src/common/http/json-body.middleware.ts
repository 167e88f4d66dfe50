import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { Configuration } from '../../config/configuration.js';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { MalformedBodyError, PayloadTooLargeError } from '../errors/domain-error.js';

/**
 * Parses JSON bodies inside Nest's middleware chain (not as a bare Express handler) so a bad body
 * or an oversized one reaches the exception filter and answers in the route family's envelope.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(Configuration) config: Configuration) {
    const { bodyLimitBytes } = config.of('app');
    this.parse = express.json({ limit: bodyLimitBytes, strict: true, type: ['application/json', '+json'] });
  }

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    // Thrown (not passed to `next`) so Nest's middleware proxy hands it to the exception filter.
    await new Promise<void>((resolve, reject) => {
      this.parse(request, response, (error?: unknown) => {
        if (error === undefined || error === null) return resolve();
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') return reject(new PayloadTooLargeError());
        reject(new MalformedBodyError(type === 'entity.parse.failed' ? 'malformed JSON body' : undefined));
      });
    });
    next();
  }
}
