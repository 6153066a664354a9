-- custom: 090_review_codes.sql
-- Fills the code of reviews written before the column existed (issue 12.14): the reviewed item's or fee's code.
-- From here on the services write it when a review is created.
UPDATE approval_reviews SET code = (SELECT code FROM approval_items WHERE approval_items.id = approval_reviews.item_id) WHERE code IS NULL;
--> statement-breakpoint
UPDATE fee_reviews SET code = (SELECT code FROM fee_items WHERE fee_items.id = fee_reviews.fee_item_id) WHERE code IS NULL;
