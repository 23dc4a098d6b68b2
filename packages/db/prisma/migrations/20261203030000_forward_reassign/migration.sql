-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "instructions" TEXT,
ADD COLUMN     "reassigned_from_unit_id" TEXT,
ADD COLUMN     "reassigned_to_unit_id" TEXT,
ADD COLUMN     "reassign_reason" TEXT;

-- A reassigned assignment is owed no more, like a recalled one: the unit it went to reports instead,
-- so the rollup leaves the old unit out. Same function as in the rollup migration but for that state.
-- Function bodies spell their semicolons as \073 (Prisma's driver adapter splits at every semicolon).
CREATE OR REPLACE FUNCTION "rollup_assignment_changed"() RETURNS trigger LANGUAGE plpgsql AS
    E'DECLARE ids text[]\073 is_expected boolean\073 BEGIN SELECT string_to_array(u.path, ''/''), (NEW.state NOT IN (''recalled'', ''reassigned'') AND u.kind = ''people_committee'') INTO ids, is_expected FROM unit u WHERE u.id = NEW.unit_id\073 IF ids IS NULL THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN INSERT INTO rollup_node (directive_id, unit_id, parent_unit_id) SELECT NEW.directive_id, ids[i], CASE WHEN i > 1 THEN ids[i - 1] END FROM generate_subscripts(ids, 1) AS i ORDER BY i ON CONFLICT DO NOTHING\073 END IF\073 UPDATE rollup_node SET own_expected = is_expected WHERE directive_id = NEW.directive_id AND unit_id = NEW.unit_id AND own_expected IS DISTINCT FROM is_expected\073 IF FOUND THEN PERFORM rollup_refresh_up(NEW.directive_id, NEW.unit_id)\073 END IF\073 RETURN NULL\073 END\073';
