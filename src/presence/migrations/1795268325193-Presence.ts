import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Presence1795268325193 implements MigrationInterface {
  name = 'Presence1795268325193';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "presence_instances" ("instance_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_31bc9a31624df4f0e74c5ffefaa" PRIMARY KEY ("instance_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_presence_instances_expires_at" ON "presence_instances"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "presence_connections" ("instance_id" uuid NOT NULL, "user_id" uuid NOT NULL, "connections" integer NOT NULL, CONSTRAINT "PK_b10dc5ba7f072a781e6f0077947" PRIMARY KEY ("instance_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_presence_connections_user" ON "presence_connections"  ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "presence_connections" ADD CONSTRAINT "FK_e010e393bfde34cde40705d28a2" FOREIGN KEY ("instance_id") REFERENCES "presence_instances"("instance_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "presence_connections" DROP CONSTRAINT "FK_e010e393bfde34cde40705d28a2"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_presence_connections_user"`);
    await queryRunner.query(`DROP TABLE "presence_connections"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_presence_instances_expires_at"`);
    await queryRunner.query(`DROP TABLE "presence_instances"`);
  }
}
