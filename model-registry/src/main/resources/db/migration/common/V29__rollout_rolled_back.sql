-- When a rollout's canary was taken out by its roll-back. A cancelled rollout rolls back while its
-- last setShare may still be running; that share locks the rollout's row, as the roll-back does, and
-- sets nothing once this is set (the rollout's status says it ended only a moment later).
alter table rollout add column rolled_back_at timestamp(6) with time zone;
