import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoomBans1796211560000 implements MigrationInterface {
  name = 'RoomBans1796211560000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "room_bans" ("room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "banned_by" uuid, "banned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1b402aa3e1524c79f9ad3b0c359" PRIMARY KEY ("room_id", "user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_bans" ADD CONSTRAINT "FK_d275799aa383d52e09272df2ef6" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_bans" ADD CONSTRAINT "FK_713c888b0b83f5800513c977a67" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_bans" ADD CONSTRAINT "FK_918a65a46d7878385d7f1027ca9" FOREIGN KEY ("banned_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "FK_918a65a46d7878385d7f1027ca9"`);
    await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "FK_713c888b0b83f5800513c977a67"`);
    await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "FK_d275799aa383d52e09272df2ef6"`);
    await queryRunner.query(`DROP TABLE "room_bans"`);
  }
}
