-- a resize in progress: the flavor the server had before, kept until the resize is confirmed (then
-- forgotten) or reverted (then put back)
ALTER TABLE instances
  ADD COLUMN old_flavor_id VARCHAR(255) NULL,
  ADD COLUMN old_vcpus INT NULL,
  ADD COLUMN old_memory_mb INT NULL,
  ADD COLUMN old_root_gb INT NULL,
  ADD COLUMN old_ephemeral_gb INT NULL,
  ADD COLUMN old_swap_mb INT NULL;
