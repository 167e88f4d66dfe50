import { describe, expect, it } from '@jest/globals';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, ValidateNested } from 'class-validator';
import { dtoExample, dtoSchema } from './dto-schema.js';

class Frame {
  @ApiProperty({ example: 'r-1', description: 'the room' }) @IsString() @MaxLength(200) room_id!: string;
  @ApiProperty({ example: ':ok:' }) @Matches(/^:[a-z]+:$/u) code!: string;
  @ApiPropertyOptional({ example: 3 }) @IsOptional() @IsInt() @Max(9) count?: number;
}

class Sent {
  @ApiProperty({ format: 'uuid', example: '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10' }) id: string;
  @ApiProperty({ type: [String], example: ['apm'] }) users: string[];
  @ApiProperty() flag: boolean;
}

describe('dtoSchema', () => {
  it('states the fields of a frame DTO exactly: swagger metadata plus its validation rules', () => {
    expect(dtoSchema(Frame)).toEqual({
      type: 'object',
      required: ['room_id', 'code'],
      additionalProperties: false,
      properties: {
        room_id: { type: 'string', description: 'the room', examples: ['r-1'], maxLength: 200 },
        code: { type: 'string', examples: [':ok:'], pattern: '^:[a-z]+:$' },
        count: { type: 'integer', examples: [3], maximum: 9 },
      },
    });
    expect(dtoExample(Frame)).toEqual({ room_id: 'r-1', code: ':ok:', count: 3 });
  });

  it('reads a response class from @ApiProperty alone (arrays included)', () => {
    expect(dtoSchema(Sent).properties).toEqual({
      id: { type: 'string', format: 'uuid', examples: ['6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10'] },
      users: { type: 'array', items: { type: 'string' }, examples: [['apm']] },
      flag: { type: 'boolean' },
    });
    expect(() => dtoExample(Sent)).toThrow(/Sent\.flag: give it an @ApiProperty example/);
  });

  it('refuses a rule it cannot describe instead of documenting less than is enforced', () => {
    class Nested {
      @ValidateNested() inner!: object;
    }
    expect(() => dtoSchema(Nested)).toThrow(/Nested\.inner: no JSON Schema for the rule/);
  });
});
