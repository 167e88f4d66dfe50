import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'p-chat:public';

/** Opens a route to callers without an access token; every other route needs one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
