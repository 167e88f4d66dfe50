import { Module } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { WebAppController } from './web-app.controller.js';
import { WebAppFiles } from './web-app-files.js';

@Module({
  controllers: [WebAppController],
  providers: [
    {
      provide: WebAppFiles,
      inject: [Configuration],
      useFactory: (config: Configuration) => new WebAppFiles(config.of('app').webAppDir),
    },
  ],
})
export class WebAppModule {}
