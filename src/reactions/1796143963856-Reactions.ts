import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reactions1796143963856 implements MigrationInterface {
  name = 'Reactions1796143963856';
  up = (db: QueryRunner): Promise<unknown> =>
    db.query(`CREATE TABLE "message_reactions" ("message_id" uuid NOT NULL, "user_id" uuid NOT NULL,
      "emoji" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_f5a1f46b4f33ce416f9c192ab29" PRIMARY KEY ("message_id", "user_id", "emoji"),
      CONSTRAINT "FK_ce61e365d81a9dfc15cd36513b0" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_b6d3eda2f99b64016d6a4cf112f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
  down = (db: QueryRunner): Promise<unknown> => db.query(`DROP TABLE "message_reactions"`);
}
