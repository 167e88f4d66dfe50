import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { LenientBody } from '../../common/decorators/strict-body.decorator.js';
import { IsDisplayName, IsUsername } from '../../users/identity.validators.js';

@LenientBody()
export class FlashRegisterDto {
  @ApiProperty({ example: 'Parsa' })
  @IsDisplayName()
  name: string;

  @ApiProperty({ example: 'apm' })
  @IsUsername()
  username: string;

  @ApiProperty({ example: 'secret' })
  @IsString({ message: 'password must be a string' })
  password: string;
}
