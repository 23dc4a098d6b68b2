-- AlterTable
ALTER TABLE "assignment" ADD COLUMN     "rollup_parent_unit_id" TEXT,
ADD COLUMN     "succeeds_unit_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- A reorganisation's successor (Phường Rạch Giá of An Giang 2025, for the nine old phường of Rạch
-- Giá city in a directive of Kiên Giang 2020) hangs in the directive's tree where its predecessors'
-- tasks came from (rollup_parent_unit_id), not where today's map of units puts it. Its node is made
-- under that unit: every other assignment's nodes follow the unit's path as before. Recomputing then
-- walks up the directive's tree (the nodes' parents, which are the path's everywhere else) instead of
-- the unit's path, in the same bottom-up order. Semicolons spelt \073, as in the rollup migration.
CREATE OR REPLACE FUNCTION "rollup_refresh_up"(d text, u text) RETURNS void LANGUAGE plpgsql AS
    E'DECLARE at text := u\073 BEGIN WHILE at IS NOT NULL LOOP PERFORM rollup_recompute(d, at)\073 SELECT n.parent_unit_id INTO at FROM rollup_node n WHERE n.directive_id = d AND n.unit_id = at\073 IF NOT FOUND THEN RETURN\073 END IF\073 END LOOP\073 END\073';

CREATE OR REPLACE FUNCTION "rollup_assignment_changed"() RETURNS trigger LANGUAGE plpgsql AS
    E'DECLARE ids text[]\073 is_expected boolean\073 BEGIN SELECT string_to_array(u.path, ''/''), (NEW.state NOT IN (''recalled'', ''reassigned'') AND u.kind = ''people_committee'') INTO ids, is_expected FROM unit u WHERE u.id = NEW.unit_id\073 IF ids IS NULL THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN IF NEW.rollup_parent_unit_id IS NOT NULL THEN INSERT INTO rollup_node (directive_id, unit_id, parent_unit_id) VALUES (NEW.directive_id, NEW.unit_id, NEW.rollup_parent_unit_id) ON CONFLICT DO NOTHING\073 ELSE INSERT INTO rollup_node (directive_id, unit_id, parent_unit_id) SELECT NEW.directive_id, ids[i], CASE WHEN i > 1 THEN ids[i - 1] END FROM generate_subscripts(ids, 1) AS i ORDER BY i ON CONFLICT DO NOTHING\073 END IF\073 END IF\073 UPDATE rollup_node SET own_expected = is_expected WHERE directive_id = NEW.directive_id AND unit_id = NEW.unit_id AND own_expected IS DISTINCT FROM is_expected\073 IF FOUND THEN PERFORM rollup_refresh_up(NEW.directive_id, NEW.unit_id)\073 END IF\073 RETURN NULL\073 END\073';
