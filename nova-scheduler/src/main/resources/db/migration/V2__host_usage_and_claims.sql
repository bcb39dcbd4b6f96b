-- the host's CPU architecture as it reports it (x86_64, aarch64, …), for the image properties filter
ALTER TABLE hosts ADD COLUMN architecture VARCHAR(32) NULL AFTER hypervisor_type;

-- each host's usage kept beside its totals, changed in the same transaction as its allocations: a claim
-- is one conditional UPDATE of the host's row (no sum over its allocations while the row is locked), and
-- the scheduler reads every host's state without a join
ALTER TABLE hosts
  ADD COLUMN used_vcpus INT NOT NULL DEFAULT 0,
  ADD COLUMN used_memory_mb BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN used_disk_gb BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN instances INT NOT NULL DEFAULT 0;

UPDATE hosts h
  JOIN (SELECT host, SUM(vcpus) AS vcpus, SUM(memory_mb) AS memory_mb, SUM(disk_gb) AS disk_gb, COUNT(*) AS instances
        FROM allocations GROUP BY host) a ON a.host = h.host
  SET h.used_vcpus = a.vcpus, h.used_memory_mb = a.memory_mb, h.used_disk_gb = a.disk_gb, h.instances = a.instances;

-- A claim in one round trip: the transaction runs inside the server, so the host's row (and a group's) is
-- locked for microseconds rather than for several round trips of a scheduler that a busy machine may
-- not run for a while. SchedulerRepo.claim calls it; its rules are the scheduler's:
--  * a group's claims lock the group's row first, and are refused (GROUP_POLICY) when affinity would
--    put the server beside no member, or anti-affinity beside one (as SchedulerRepo.groupAllows judges);
--  * an earlier claim of the same server on a host this build has not been refused by (a redelivered or
--    repeated request) stands: the result is HELD and that host, the decision made before;
--  * an earlier claim on a host in p_tried (comma-separated, the hosts a previous try failed on) is given
--    back first;
--  * the host's usage grows only if what is asked still fits its totals times the allocation ratios
--    (as Ratios.fits judges), else NO_ROOM, or UNKNOWN_HOST when the host has never reported.
-- Anything refused is rolled back whole. The result is one row: CLAIMED, HELD, NO_ROOM, GROUP_POLICY or
-- UNKNOWN_HOST, and the host claimed or held.
DELIMITER //
CREATE PROCEDURE claim_allocation(IN p_instance CHAR(36), IN p_host VARCHAR(255), IN p_vcpus INT, IN p_memory_mb BIGINT,
                                  IN p_disk_gb BIGINT, IN p_group CHAR(36), IN p_policy VARCHAR(32), IN p_cpu_ratio DOUBLE,
                                  IN p_ram_ratio DOUBLE, IN p_disk_ratio DOUBLE, IN p_now DATETIME(6), IN p_tried TEXT)
BEGIN
  DECLARE v_result VARCHAR(16) DEFAULT 'CLAIMED';
  DECLARE v_held VARCHAR(255) DEFAULT NULL;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_held = NULL;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    RESIGNAL;
  END;
  START TRANSACTION;
  SELECT host INTO v_held FROM allocations
    WHERE instance_uuid = p_instance AND NOT FIND_IN_SET(host, COALESCE(p_tried, '')) LIMIT 1 FOR UPDATE;
  IF v_held IS NOT NULL THEN
    SET v_result = 'HELD';
  ELSEIF p_group IS NOT NULL THEN
    INSERT INTO group_locks (group_id) VALUES (p_group) ON DUPLICATE KEY UPDATE group_id = group_id;
    IF (p_policy = 'anti-affinity' AND EXISTS (SELECT 1 FROM allocations
          WHERE group_id = p_group AND instance_uuid <> p_instance AND host = p_host))
       OR (p_policy = 'affinity' AND EXISTS (SELECT 1 FROM allocations
          WHERE group_id = p_group AND instance_uuid <> p_instance AND host <> p_host)) THEN
      SET v_result = 'GROUP_POLICY';
    END IF;
  END IF;
  IF v_result = 'CLAIMED' THEN
    UPDATE hosts h JOIN allocations a ON a.host = h.host
      SET h.used_vcpus = h.used_vcpus - a.vcpus, h.used_memory_mb = h.used_memory_mb - a.memory_mb,
          h.used_disk_gb = h.used_disk_gb - a.disk_gb, h.instances = h.instances - 1
      WHERE a.instance_uuid = p_instance;
    DELETE FROM allocations WHERE instance_uuid = p_instance;
    UPDATE hosts SET used_vcpus = used_vcpus + p_vcpus, used_memory_mb = used_memory_mb + p_memory_mb,
        used_disk_gb = used_disk_gb + p_disk_gb, instances = instances + 1
      WHERE host = p_host AND used_vcpus + p_vcpus <= FLOOR(vcpus * p_cpu_ratio)
        AND used_memory_mb + p_memory_mb <= FLOOR(memory_mb * p_ram_ratio) AND used_disk_gb + p_disk_gb <= FLOOR(disk_gb * p_disk_ratio);
    IF ROW_COUNT() = 0 THEN
      SET v_result = IF(EXISTS (SELECT 1 FROM hosts WHERE host = p_host), 'NO_ROOM', 'UNKNOWN_HOST');
    ELSE
      INSERT INTO allocations (instance_uuid, host, vcpus, memory_mb, disk_gb, group_id, created_at)
        VALUES (p_instance, p_host, p_vcpus, p_memory_mb, p_disk_gb, p_group, p_now);
    END IF;
  END IF;
  IF v_result = 'CLAIMED' THEN
    COMMIT;
  ELSE
    ROLLBACK;
  END IF;
  SELECT v_result, IF(v_result = 'HELD', v_held, IF(v_result = 'CLAIMED', p_host, NULL));
END//
DELIMITER ;
