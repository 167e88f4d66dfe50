import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync cursor's change position (docs/ws-protocol.md, "Sync cursor"): every insert, edit and delete
 * of a message stamps `change_seq` from one sequence. `message_change_position()` makes sure the
 * writing transaction has its transaction id BEFORE it draws the number, which is what lets a reader
 * tell when every number up to a point is committed (src/chat/committed-position.ts).
 * Existing rows keep position 0: they changed before any cursor was handed out.
 */
export class MessageChanges1796211540000 implements MigrationInterface {
  name = 'MessageChanges1796211540000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "message_change_seq" AS bigint`);
    await queryRunner.query(
      `CREATE FUNCTION "message_change_position"() RETURNS bigint LANGUAGE sql VOLATILE AS $$
         SELECT CASE WHEN pg_current_xact_id() IS NOT NULL THEN nextval('message_change_seq') END
       $$`,
    );
    await queryRunner.query(`ALTER TABLE "messages" ADD "change_seq" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "messages" ALTER COLUMN "change_seq" SET DEFAULT message_change_position()`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_room_change" ON "messages" ("room_id", "change_seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_room_edits" ON "messages" ("room_id", "change_seq") WHERE "edited_at" IS NOT NULL OR "deleted_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_messages_room_edits"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_messages_room_change"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "change_seq"`);
    await queryRunner.query(`DROP FUNCTION "message_change_position"()`);
    await queryRunner.query(`DROP SEQUENCE "message_change_seq"`);
  }
}
