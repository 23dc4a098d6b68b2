-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'lead';

-- AlterTable
ALTER TABLE "report" ADD COLUMN     "tasks" JSONB;

-- Only a lead's report counts upward (QĐ 42/2014/QĐ-TTg): a unit told of a directive for information
-- (để biết) owes no report, and a cooperating unit (phối hợp) sends its contribution to the lead. Such
-- a unit's node is not expected, so it is neither awaited in "x of y reported" nor ranked. Assignments
-- recorded before the column existed are leads, as they were treated. Semicolons spelt \073.
CREATE OR REPLACE FUNCTION "rollup_assignment_changed"() RETURNS trigger LANGUAGE plpgsql AS
    E'DECLARE ids text[]\073 is_expected boolean\073 BEGIN SELECT string_to_array(u.path, ''/''), (NEW.state NOT IN (''recalled'', ''reassigned'') AND NEW.role = ''lead'' AND u.kind = ''people_committee'') INTO ids, is_expected FROM unit u WHERE u.id = NEW.unit_id\073 IF ids IS NULL THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN IF NEW.rollup_parent_unit_id IS NOT NULL THEN INSERT INTO rollup_node (directive_id, unit_id, parent_unit_id) VALUES (NEW.directive_id, NEW.unit_id, NEW.rollup_parent_unit_id) ON CONFLICT DO NOTHING\073 ELSE INSERT INTO rollup_node (directive_id, unit_id, parent_unit_id) SELECT NEW.directive_id, ids[i], CASE WHEN i > 1 THEN ids[i - 1] END FROM generate_subscripts(ids, 1) AS i ORDER BY i ON CONFLICT DO NOTHING\073 END IF\073 END IF\073 UPDATE rollup_node SET own_expected = is_expected WHERE directive_id = NEW.directive_id AND unit_id = NEW.unit_id AND own_expected IS DISTINCT FROM is_expected\073 IF FOUND THEN PERFORM rollup_refresh_up(NEW.directive_id, NEW.unit_id)\073 END IF\073 RETURN NULL\073 END\073';
