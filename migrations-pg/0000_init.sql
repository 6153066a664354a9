CREATE TABLE "events" (
	"sequence" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" text NOT NULL,
	"api_key_id" text,
	"unit_id" text,
	"request_id" text,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"api_key_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"status_code" integer,
	"headers" text,
	"body" text,
	"created_at" text NOT NULL,
	"owner_host" text,
	"owner_pid" integer,
	"owner_instance" text,
	CONSTRAINT "idempotency_keys_api_key_id_key_pk" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"division_code" text NOT NULL,
	"credit_code" text,
	"parent_id" text,
	"external_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"name" text NOT NULL,
	"unit_id" text NOT NULL,
	"roles" jsonb NOT NULL,
	"created_at" text NOT NULL,
	"revoked_at" text,
	"last_used_at" text,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"template" text,
	"region_unit_id" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phase_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"phase_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"meetings_held" integer DEFAULT 0 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"discussions_held" integer DEFAULT 0 NOT NULL,
	"opinions_collected" integer DEFAULT 0 NOT NULL,
	"problems_found" integer,
	"summary" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"reported_at" text NOT NULL,
	"late" boolean NOT NULL,
	"redo_required" boolean DEFAULT false NOT NULL,
	"redo_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phases" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"window_text" text,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"key_tasks" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"started_at" text,
	"completed_at" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"dimension" text NOT NULL,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"channel" text NOT NULL,
	"description" text NOT NULL,
	"cause_analysis" text,
	"status" text DEFAULT 'open' NOT NULL,
	"status_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"level" text NOT NULL,
	"post_title" text,
	"items" jsonb NOT NULL,
	"channel" text NOT NULL,
	"media_name" text,
	"url" text,
	"published_on" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"item_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"reported_on" text NOT NULL,
	"percent" double precision NOT NULL,
	"completed_work" text NOT NULL,
	"next_steps" text,
	"issues" text,
	"support_needed" text,
	"api_key_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_code_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_item_problems" (
	"item_id" text NOT NULL,
	"problem_id" text NOT NULL,
	CONSTRAINT "rectification_item_problems_item_id_problem_id_pk" PRIMARY KEY("item_id","problem_id")
);
--> statement-breakpoint
CREATE TABLE "rectification_item_units" (
	"item_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"deadline" text NOT NULL,
	CONSTRAINT "rectification_item_units_item_id_unit_id_pk" PRIMARY KEY("item_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "rectification_items" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"code" text NOT NULL,
	"external_id" text,
	"campaign_id" text NOT NULL,
	"task_code" text,
	"title" text NOT NULL,
	"description" text,
	"lead_unit_id" text NOT NULL,
	"responsible_leader" text,
	"deadline" text NOT NULL,
	"deadline_text" text,
	"parent_id" text,
	"weight" double precision DEFAULT 1 NOT NULL,
	"expected_result" text,
	"actual_result" text,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"latest_progress_text" text,
	"latest_reported_on" text,
	"submitted_at" text,
	"completed_at" text,
	"completed_on_time" boolean,
	"children_count" integer DEFAULT 0 NOT NULL,
	"co_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"participant_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problem_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_announcements" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"document_number" text NOT NULL,
	"published_on" text NOT NULL,
	"campaign_id" text,
	"review_count" integer NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_decision_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_number" text NOT NULL,
	"meeting_date" text NOT NULL,
	"decision_count" integer NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_items" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"implementing_unit_id" text NOT NULL,
	"kind" text NOT NULL,
	"bases" jsonb NOT NULL,
	"sibling_provinces" text DEFAULT 'unknown' NOT NULL,
	"statutory_level" text,
	"mainly_implemented_at" text,
	"remarks" text,
	"status" text DEFAULT 'active' NOT NULL,
	"merged_into_id" text,
	"delegated_to" text,
	"receiving_body" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"item_id" text NOT NULL,
	"code" text,
	"external_id" text,
	"unit_id" text NOT NULL,
	"stage" text DEFAULT 'draft' NOT NULL,
	"disposition" text NOT NULL,
	"delegate_to" text,
	"receiving_body" text,
	"merge_into_item_id" text,
	"rationale" text NOT NULL,
	"justification" text,
	"return_reason" text,
	"submitted_at" text,
	"legal_verdict" text,
	"legal_opinion" text,
	"legal_disposition" text,
	"legal_delegate_to" text,
	"legal_receiving_body" text,
	"legal_merge_into_item_id" text,
	"override_reason" text,
	"override_rules" jsonb,
	"legal_reviewed_at" text,
	"decision_batch_id" text,
	"decided_disposition" text,
	"decided_delegate_to" text,
	"decided_receiving_body" text,
	"decided_merge_into_item_id" text,
	"announcement_id" text,
	"follow_up" jsonb,
	"follow_up_at" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_catalogue_entries" (
	"catalogue_version" integer NOT NULL,
	"fee_item_id" text NOT NULL,
	"review_id" text NOT NULL,
	"status" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit_id" text NOT NULL,
	"unit_name" text NOT NULL,
	"unit_credit_code" text,
	"category" text NOT NULL,
	"basis_level" text NOT NULL,
	"bases" jsonb NOT NULL,
	"standard_kind" text NOT NULL,
	"amount_fen" bigint,
	"min_fen" bigint,
	"max_fen" bigint,
	"per" text NOT NULL,
	"approved_standard_fen" bigint,
	CONSTRAINT "fee_catalogue_entries_catalogue_version_fee_item_id_pk" PRIMARY KEY("catalogue_version","fee_item_id")
);
--> statement-breakpoint
CREATE TABLE "fee_catalogues" (
	"version" integer PRIMARY KEY NOT NULL,
	"published_on" text NOT NULL,
	"document_number" text NOT NULL,
	"retained_count" integer NOT NULL,
	"cancelled_count" integer NOT NULL,
	"api_key_id" text,
	"published_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_number" text NOT NULL,
	"meeting_date" text NOT NULL,
	"review_count" integer NOT NULL,
	"api_key_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_items" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"collecting_unit_id" text NOT NULL,
	"category" text NOT NULL,
	"basis_level" text NOT NULL,
	"bases" jsonb NOT NULL,
	"fund_management" text,
	"affects_enterprises" boolean DEFAULT false NOT NULL,
	"standard_kind" text NOT NULL,
	"amount_fen" bigint,
	"min_fen" bigint,
	"max_fen" bigint,
	"per" text NOT NULL,
	"current_charge_fen" bigint,
	"annual_volume" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"fee_item_id" text NOT NULL,
	"code" text,
	"external_id" text,
	"unit_id" text NOT NULL,
	"status" text DEFAULT 'declared' NOT NULL,
	"kept_as_necessary" boolean,
	"necessity_justification" text,
	"declaration_note" text,
	"finance_verdict" text,
	"finance_text" text,
	"finance_api_key_id" text,
	"finance_at" text,
	"price_verdict" text,
	"price_text" text,
	"price_api_key_id" text,
	"price_at" text,
	"decision_id" text,
	"outcome" text,
	"decided_standard" jsonb,
	"approved_standard_fen" bigint,
	"decided_current_charge_fen" bigint,
	"decided_annual_volume" bigint,
	"decided_at" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_findings" (
	"id" text PRIMARY KEY NOT NULL,
	"inspection_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"external_id" text,
	"subject_kind" text,
	"subject_id" text,
	"rating" text NOT NULL,
	"description" text NOT NULL,
	"requirement" text,
	"due_on" text,
	"status" text NOT NULL,
	"delivered_at" text,
	"correction" text,
	"cause_analysis" text,
	"remedy" text,
	"responded_at" text,
	"responded_late" boolean,
	"verified_at" text,
	"rejection_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_units" (
	"inspection_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"conclusion_delivered_at" text,
	CONSTRAINT "inspection_units_inspection_id_unit_id_pk" PRIMARY KEY("inspection_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"phase_id" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"inspecting_body" text NOT NULL,
	"inspecting_unit_id" text,
	"unit_ids" jsonb NOT NULL,
	"subjects" jsonb NOT NULL,
	"team" jsonb NOT NULL,
	"method_notes" text,
	"planned_start_on" text NOT NULL,
	"planned_end_on" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"started_at" text,
	"concluded_at" text,
	"conclusion" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text,
	"unit_id" text NOT NULL,
	"item_id" text,
	"finding_id" text,
	"phase_report_id" text,
	"phase_id" text,
	"opinion_id" text,
	"title" text NOT NULL,
	"requirement" text NOT NULL,
	"reply_method" text,
	"reply_due_on" text NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"acknowledged_at" text,
	"first_replied_at" text,
	"last_replied_at" text,
	"answered_late" boolean,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"reminder_count" integer DEFAULT 0 NOT NULL,
	"last_reminded_on" text,
	"escalated_to_unit_id" text,
	"closed_at" text,
	"closing_note" text,
	"return_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_reminders" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"number" integer NOT NULL,
	"reminded_on" text NOT NULL,
	"escalated_to_unit_id" text,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_replies" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"content" text NOT NULL,
	"api_key_id" text,
	"replied_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publicity_records" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"unit_id" text,
	"person_name" text,
	"person_position" text,
	"person_contact" text,
	"person_id_number" text,
	"internal_notes" text,
	"handling" text,
	"accountability" jsonb NOT NULL,
	"links" jsonb NOT NULL,
	"media" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"approved_at" text,
	"approve_reason" text,
	"published_at" text,
	"publish_reason" text,
	"withdrawn_at" text,
	"withdraw_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"sequence" bigint,
	"webhook_id" text NOT NULL,
	"type" text NOT NULL,
	"kind" text NOT NULL,
	"attempt" integer NOT NULL,
	"attempted_at" text NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"succeeded" boolean NOT NULL,
	"error" text,
	"next_attempt_at" text
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"entities" jsonb,
	"actions" jsonb,
	"include_snapshot" boolean NOT NULL,
	"enabled" boolean NOT NULL,
	"disabled_reason" text,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" text,
	"cursor" bigint NOT NULL,
	"head_attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text,
	"failing_since" text,
	"last_success_at" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"version" integer NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_contacts" (
	"opinion_id" text PRIMARY KEY NOT NULL,
	"name" text,
	"phone" text,
	"email" text,
	"address" text,
	"erased_at" text
);
--> statement-breakpoint
CREATE TABLE "opinion_number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_units" (
	"opinion_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinions" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"external_id" text,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"unit_id" text,
	"category" text,
	"text" text NOT NULL,
	"place" text,
	"occurred_on" text,
	"submitter_kind" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"has_contact" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"lead_unit_id" text,
	"co_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"route_due_on" text,
	"routed_on" text,
	"accept_due_on" text,
	"accepted_on" text,
	"deadline" text,
	"extension_until" text,
	"extension_reason" text,
	"actions_taken" text,
	"public_answer" text,
	"internal_note" text,
	"answered_at" text,
	"answered_on_time" boolean,
	"ever_overdue" boolean DEFAULT false NOT NULL,
	"rating" text,
	"rated_at" text,
	"rating_source" text,
	"revisit_note" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"return_count" integer DEFAULT 0 NOT NULL,
	"remind_count" integer DEFAULT 0 NOT NULL,
	"last_reminded_on" text,
	"closed_at" text,
	"problem_id" text,
	"rectification_item_id" text,
	"duplicate_count" integer DEFAULT 0 NOT NULL,
	"query_code_hash" text,
	"address_hash" text,
	"text_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"days" jsonb NOT NULL,
	"source" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_region_unit_id_units_id_fk" FOREIGN KEY ("region_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phase_reports" ADD CONSTRAINT "phase_reports_phase_id_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."phases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phase_reports" ADD CONSTRAINT "phase_reports_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phase_reports" ADD CONSTRAINT "phase_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phases" ADD CONSTRAINT "phases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_item_id_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."rectification_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_item_problems" ADD CONSTRAINT "rectification_item_problems_item_id_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."rectification_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_item_problems" ADD CONSTRAINT "rectification_item_problems_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_item_units" ADD CONSTRAINT "rectification_item_units_item_id_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."rectification_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_item_units" ADD CONSTRAINT "rectification_item_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_parent_id_rectification_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."rectification_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_announcements" ADD CONSTRAINT "approval_announcements_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_items" ADD CONSTRAINT "approval_items_implementing_unit_id_units_id_fk" FOREIGN KEY ("implementing_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_items" ADD CONSTRAINT "approval_items_merged_into_id_approval_items_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."approval_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_item_id_approval_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."approval_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_merge_into_item_id_approval_items_id_fk" FOREIGN KEY ("merge_into_item_id") REFERENCES "public"."approval_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_legal_merge_into_item_id_approval_items_id_fk" FOREIGN KEY ("legal_merge_into_item_id") REFERENCES "public"."approval_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_decision_batch_id_approval_decision_batches_id_fk" FOREIGN KEY ("decision_batch_id") REFERENCES "public"."approval_decision_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_decided_merge_into_item_id_approval_items_id_fk" FOREIGN KEY ("decided_merge_into_item_id") REFERENCES "public"."approval_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_reviews" ADD CONSTRAINT "approval_reviews_announcement_id_approval_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."approval_announcements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_catalogue_entries" ADD CONSTRAINT "fee_catalogue_entries_catalogue_version_fee_catalogues_version_fk" FOREIGN KEY ("catalogue_version") REFERENCES "public"."fee_catalogues"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_catalogue_entries" ADD CONSTRAINT "fee_catalogue_entries_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_catalogue_entries" ADD CONSTRAINT "fee_catalogue_entries_review_id_fee_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."fee_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_items" ADD CONSTRAINT "fee_items_collecting_unit_id_units_id_fk" FOREIGN KEY ("collecting_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_reviews" ADD CONSTRAINT "fee_reviews_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_reviews" ADD CONSTRAINT "fee_reviews_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_reviews" ADD CONSTRAINT "fee_reviews_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_reviews" ADD CONSTRAINT "fee_reviews_decision_id_fee_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."fee_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_units" ADD CONSTRAINT "inspection_units_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_units" ADD CONSTRAINT "inspection_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_phase_id_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."phases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspecting_unit_id_units_id_fk" FOREIGN KEY ("inspecting_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_finding_id_inspection_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."inspection_findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_phase_id_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."phases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_escalated_to_unit_id_units_id_fk" FOREIGN KEY ("escalated_to_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_reminders" ADD CONSTRAINT "supervision_reminders_order_id_supervision_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supervision_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_replies" ADD CONSTRAINT "supervision_replies_order_id_supervision_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supervision_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_records" ADD CONSTRAINT "publicity_records_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_records" ADD CONSTRAINT "publicity_records_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_contacts" ADD CONSTRAINT "opinion_contacts_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_units" ADD CONSTRAINT "opinion_units_opinion_id_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."opinions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_units" ADD CONSTRAINT "opinion_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinions" ADD CONSTRAINT "opinions_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_entity" ON "events" USING btree ("entity","entity_id","sequence");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "units_external_id" ON "units" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_credit_code" ON "units" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "units_level" ON "units" USING btree ("level","id");--> statement-breakpoint
CREATE INDEX "units_parent" ON "units" USING btree ("parent_id","id");--> statement-breakpoint
CREATE INDEX "units_division" ON "units" USING btree ("division_code","id");--> statement-breakpoint
CREATE INDEX "units_name" ON "units" USING btree ("name");--> statement-breakpoint
CREATE INDEX "units_updated" ON "units" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "api_keys_unit" ON "api_keys" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "campaigns_year" ON "campaigns" USING btree ("year","id");--> statement-breakpoint
CREATE INDEX "campaigns_status" ON "campaigns" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_template_year" ON "campaigns" USING btree ("template","year");--> statement-breakpoint
CREATE UNIQUE INDEX "phase_reports_phase_unit" ON "phase_reports" USING btree ("phase_id","unit_id");--> statement-breakpoint
CREATE INDEX "phase_reports_phase_reported" ON "phase_reports" USING btree ("phase_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "phase_reports_unit" ON "phase_reports" USING btree ("unit_id","phase_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phases_campaign_number" ON "phases" USING btree ("campaign_id","number");--> statement-breakpoint
CREATE INDEX "phases_campaign_status" ON "phases" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "problems_campaign_unit" ON "problems" USING btree ("campaign_id","unit_id","id");--> statement-breakpoint
CREATE INDEX "problems_unit" ON "problems" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "problems_campaign" ON "problems" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "problems_category" ON "problems" USING btree ("category","id");--> statement-breakpoint
CREATE INDEX "problems_dimension" ON "problems" USING btree ("dimension","id");--> statement-breakpoint
CREATE INDEX "problems_source" ON "problems" USING btree ("source","id");--> statement-breakpoint
CREATE INDEX "problems_status" ON "problems" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "commitments_campaign_unit" ON "commitments" USING btree ("campaign_id","unit_id","level","published_on");--> statement-breakpoint
CREATE INDEX "commitments_unit" ON "commitments" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "commitments_campaign" ON "commitments" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "progress_reports_item" ON "progress_reports" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "progress_reports_item_unit" ON "progress_reports" USING btree ("item_id","unit_id","reported_on","id");--> statement-breakpoint
CREATE INDEX "rectification_item_problems_problem" ON "rectification_item_problems" USING btree ("problem_id","item_id");--> statement-breakpoint
CREATE INDEX "rectification_item_units_unit" ON "rectification_item_units" USING btree ("unit_id","status","deadline","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_items_seq" ON "rectification_items" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_items_code" ON "rectification_items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_items_external_id" ON "rectification_items" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "rectification_items_deadline" ON "rectification_items" USING btree ("deadline","id");--> statement-breakpoint
CREATE INDEX "rectification_items_updated" ON "rectification_items" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "rectification_items_status" ON "rectification_items" USING btree ("status","deadline","id");--> statement-breakpoint
CREATE INDEX "rectification_items_lead" ON "rectification_items" USING btree ("lead_unit_id","status","deadline","id");--> statement-breakpoint
CREATE INDEX "rectification_items_parent" ON "rectification_items" USING btree ("parent_id","lead_unit_id");--> statement-breakpoint
CREATE INDEX "rectification_items_campaign_task" ON "rectification_items" USING btree ("campaign_id","task_code","deadline","id");--> statement-breakpoint
CREATE INDEX "rectification_items_stats" ON "rectification_items" USING btree ("campaign_id","lead_unit_id","status","deadline","progress","completed_on_time");--> statement-breakpoint
CREATE INDEX "approval_announcements_published" ON "approval_announcements" USING btree ("published_on","id");--> statement-breakpoint
CREATE INDEX "approval_decision_batches_meeting" ON "approval_decision_batches" USING btree ("meeting_date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_items_code" ON "approval_items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_items_external_id" ON "approval_items" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "approval_items_unit" ON "approval_items" USING btree ("implementing_unit_id","id");--> statement-breakpoint
CREATE INDEX "approval_items_unit_status_name" ON "approval_items" USING btree ("implementing_unit_id","status","name");--> statement-breakpoint
CREATE INDEX "approval_items_status" ON "approval_items" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "approval_items_status_code" ON "approval_items" USING btree ("status","code");--> statement-breakpoint
CREATE INDEX "approval_items_kind" ON "approval_items" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "approval_items_merged_into" ON "approval_items" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "approval_items_updated" ON "approval_items" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_reviews_item_campaign" ON "approval_reviews" USING btree ("item_id","campaign_id");--> statement-breakpoint
CREATE INDEX "approval_reviews_campaign" ON "approval_reviews" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_campaign_stage" ON "approval_reviews" USING btree ("campaign_id","stage","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_campaign_unit" ON "approval_reviews" USING btree ("campaign_id","unit_id","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_unit" ON "approval_reviews" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_stage" ON "approval_reviews" USING btree ("stage","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_disposition" ON "approval_reviews" USING btree ("disposition","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_batch" ON "approval_reviews" USING btree ("decision_batch_id");--> statement-breakpoint
CREATE INDEX "approval_reviews_announcement" ON "approval_reviews" USING btree ("announcement_id","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_merge_target" ON "approval_reviews" USING btree ("decided_merge_into_item_id");--> statement-breakpoint
CREATE INDEX "approval_reviews_updated" ON "approval_reviews" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "approval_reviews_code" ON "approval_reviews" USING btree ("code","id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_reviews_external_id" ON "approval_reviews" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_catalogue_entries_code" ON "fee_catalogue_entries" USING btree ("catalogue_version","code");--> statement-breakpoint
CREATE INDEX "fee_catalogue_entries_status_code" ON "fee_catalogue_entries" USING btree ("catalogue_version","status","code","fee_item_id");--> statement-breakpoint
CREATE INDEX "fee_catalogue_entries_unit_code" ON "fee_catalogue_entries" USING btree ("catalogue_version","status","unit_id","code","fee_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_catalogues_document" ON "fee_catalogues" USING btree ("document_number");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_items_code" ON "fee_items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_items_external_id" ON "fee_items" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "fee_items_unit_code" ON "fee_items" USING btree ("collecting_unit_id","code","id");--> statement-breakpoint
CREATE INDEX "fee_items_category_code" ON "fee_items" USING btree ("category","code","id");--> statement-breakpoint
CREATE INDEX "fee_items_basis_code" ON "fee_items" USING btree ("basis_level","code","id");--> statement-breakpoint
CREATE INDEX "fee_items_unit_name" ON "fee_items" USING btree ("collecting_unit_id","name");--> statement-breakpoint
CREATE INDEX "fee_items_updated" ON "fee_items" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_reviews_fee_campaign" ON "fee_reviews" USING btree ("fee_item_id","campaign_id");--> statement-breakpoint
CREATE INDEX "fee_reviews_campaign" ON "fee_reviews" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "fee_reviews_campaign_status" ON "fee_reviews" USING btree ("campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "fee_reviews_unit" ON "fee_reviews" USING btree ("unit_id","campaign_id","id");--> statement-breakpoint
CREATE INDEX "fee_reviews_status" ON "fee_reviews" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "fee_reviews_decision" ON "fee_reviews" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "fee_reviews_updated" ON "fee_reviews" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "fee_reviews_code" ON "fee_reviews" USING btree ("code","id");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_reviews_external_id" ON "fee_reviews" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_inspection" ON "inspection_findings" USING btree ("inspection_id","id");--> statement-breakpoint
CREATE INDEX "inspection_findings_unit" ON "inspection_findings" USING btree ("unit_id","status","due_on","id");--> statement-breakpoint
CREATE INDEX "inspection_findings_external" ON "inspection_findings" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_subject" ON "inspection_findings" USING btree ("subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "inspection_units_unit" ON "inspection_units" USING btree ("unit_id","inspection_id");--> statement-breakpoint
CREATE INDEX "inspections_campaign" ON "inspections" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "inspections_kind_status" ON "inspections" USING btree ("kind","status","id");--> statement-breakpoint
CREATE INDEX "supervision_orders_unit" ON "supervision_orders" USING btree ("unit_id","status","reply_due_on","id");--> statement-breakpoint
CREATE INDEX "supervision_orders_status" ON "supervision_orders" USING btree ("status","reply_due_on","id");--> statement-breakpoint
CREATE INDEX "supervision_orders_escalated" ON "supervision_orders" USING btree ("escalated_to_unit_id","id");--> statement-breakpoint
CREATE INDEX "supervision_reminders_order" ON "supervision_reminders" USING btree ("order_id","number");--> statement-breakpoint
CREATE INDEX "supervision_replies_order" ON "supervision_replies" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "publicity_status" ON "publicity_records" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "publicity_unit" ON "publicity_records" USING btree ("unit_id","kind","status");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_subscription" ON "webhook_deliveries" USING btree ("subscription_id","id");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_unit" ON "webhook_subscriptions" USING btree ("unit_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_units_pk" ON "opinion_units" USING btree ("opinion_id","unit_id");--> statement-breakpoint
CREATE INDEX "opinion_units_unit" ON "opinion_units" USING btree ("unit_id","opinion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinions_number" ON "opinions" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "opinions_external_id" ON "opinions" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "opinions_created" ON "opinions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "opinions_status" ON "opinions" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "opinions_lead" ON "opinions" USING btree ("lead_unit_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "opinions_unit" ON "opinions" USING btree ("unit_id","created_at","id");--> statement-breakpoint
CREATE INDEX "opinions_duplicate" ON "opinions" USING btree ("address_hash","text_hash","created_at");