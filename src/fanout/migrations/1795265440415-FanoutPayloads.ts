import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FanoutPayloads1795265440415 implements MigrationInterface {
  name = 'FanoutPayloads1795265440415';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "fanout_payloads" ("id" BIGSERIAL NOT NULL, "payload" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7da2bb4132fa15919ae6d973788" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fanout_payloads_created_at" ON "fanout_payloads"  ("created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_fanout_payloads_created_at"`);
    await queryRunner.query(`DROP TABLE "fanout_payloads"`);
  }
}
