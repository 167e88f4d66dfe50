import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Chat1795265331826 implements MigrationInterface {
  name = 'Chat1795265331826';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(8) NOT NULL, "visibility" character varying(8) NOT NULL DEFAULT 'private', "name" character varying(100), "name_key" character varying(100) COLLATE "C", "topic" character varying(500), "direct_key" character varying(73), "last_seq" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0368a2d7c215f2d0458a54933f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_direct_key" ON "rooms"  ("direct_key") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_rooms_discovery" ON "rooms"  ("visibility", "name_key", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "room_members" ("room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(8) NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_read_seq" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_d4ea360161fd5ff21a94ae9d8a6" PRIMARY KEY ("room_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_room_members_user" ON "room_members"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "room_id" uuid NOT NULL, "seq" integer NOT NULL, "sender_id" uuid NOT NULL, "body" text, "client_id" character varying(64), "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_messages_room_sender_client" ON "messages"  ("room_id", "sender_id", "client_id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_messages_room_seq" ON "messages"  ("room_id", "seq") `);
    await queryRunner.query(
      `ALTER TABLE "room_members" ADD CONSTRAINT "FK_e6cf45f179a524427ddf8bacd8e" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_members" ADD CONSTRAINT "FK_b2d15baf5b46ed9659bd71fbb43" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_1dda4fc8dbeeff2ee71f0088ba0" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_22133395bd13b970ccd0c34ab22" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_22133395bd13b970ccd0c34ab22"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_1dda4fc8dbeeff2ee71f0088ba0"`);
    await queryRunner.query(`ALTER TABLE "room_members" DROP CONSTRAINT "FK_b2d15baf5b46ed9659bd71fbb43"`);
    await queryRunner.query(`ALTER TABLE "room_members" DROP CONSTRAINT "FK_e6cf45f179a524427ddf8bacd8e"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_messages_room_seq"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_messages_room_sender_client"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_room_members_user"`);
    await queryRunner.query(`DROP TABLE "room_members"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rooms_discovery"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_rooms_direct_key"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
  }
}
