-- Claims of one server are made one after the other. Two schedulers could claim the same server at once
-- (a request redelivered while its first delivery is still being decided): with no allocation row yet
-- there was nothing to lock, both claims went through, and the first host's usage was never given back
-- (ClaimsTest.twoSchedulersClaimingOneServerAtOnceAgreeOnOneHost). A named lock per server now
-- serialises them, so the second sees the first's claim and answers HELD. The rules are otherwise V2's.
DROP PROCEDURE claim_allocation;

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
    DO RELEASE_LOCK(CONCAT('nova-claim-', p_instance));
    RESIGNAL;
  END;
  IF COALESCE(GET_LOCK(CONCAT('nova-claim-', p_instance), 30), 0) = 0 THEN
    SIGNAL SQLSTATE '40001' SET MESSAGE_TEXT = 'another claim of this server did not finish within 30 s';
  END IF;
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
  DO RELEASE_LOCK(CONCAT('nova-claim-', p_instance));
  SELECT v_result, IF(v_result = 'HELD', v_held, IF(v_result = 'CLAIMED', p_host, NULL));
END//
DELIMITER ;
