-- Fills the link copies on rectification_items (co_unit_ids, participant_unit_ids, problem_ids: sorted JSON arrays)
-- from the link tables, for rows written before the columns existed. From here on the service writes them in the
-- same transaction as the links.
UPDATE rectification_items SET
  co_unit_ids = (SELECT json_group_array(unit_id ORDER BY unit_id) FROM rectification_item_units WHERE item_id = rectification_items.id AND role = 'co'),
  participant_unit_ids = (SELECT json_group_array(unit_id ORDER BY unit_id) FROM rectification_item_units WHERE item_id = rectification_items.id AND role = 'participant'),
  problem_ids = (SELECT json_group_array(problem_id ORDER BY problem_id) FROM rectification_item_problems WHERE item_id = rectification_items.id);
