-- Claims of one server are made one after the other. Two schedulers could claim the same server at once
-- (a request redelivered while its first delivery is still being decided): with no allocation row yet
-- there was nothing to lock, both claims went through, and the first host's usage was never given back
-- (ClaimsTest.twoSchedulersClaimingOneServerAtOnceAgreeOnOneHost). SchedulerRepo.claim now calls this
-- procedure, which holds a named lock per server around V2's claim_allocation, so the second claim sees
-- the first and answers HELD. A claim that waits 10 s for the lock fails (SQLSTATE 45000, not retried).
DELIMITER //
CREATE PROCEDURE claim_allocation_serially(IN p_instance CHAR(36), IN p_host VARCHAR(255), IN p_vcpus INT,
                                           IN p_memory_mb BIGINT, IN p_disk_gb BIGINT, IN p_group CHAR(36),
                                           IN p_policy VARCHAR(32), IN p_cpu_ratio DOUBLE, IN p_ram_ratio DOUBLE,
                                           IN p_disk_ratio DOUBLE, IN p_now DATETIME(6), IN p_tried TEXT)
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    DO RELEASE_LOCK(CONCAT('nova-claim-', p_instance));
    RESIGNAL;
  END;
  IF COALESCE(GET_LOCK(CONCAT('nova-claim-', p_instance), 10), 0) = 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'another claim of this server did not finish within 10 s';
  END IF;
  CALL claim_allocation(p_instance, p_host, p_vcpus, p_memory_mb, p_disk_gb, p_group, p_policy, p_cpu_ratio, p_ram_ratio,
                        p_disk_ratio, p_now, p_tried);
  DO RELEASE_LOCK(CONCAT('nova-claim-', p_instance));
END//
DELIMITER ;
