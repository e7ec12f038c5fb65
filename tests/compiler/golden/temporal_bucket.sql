SELECT
  `t0`.`id`,
  (
    TIMESTAMPADD(DAY, CAST((
      CAST((
        (
          CAST(365 * FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 12.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 48.0E0
          ) - FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 1200.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 4800.0E0
          ) + FLOOR(
            (
              MOD(
                (
                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                ),
                12
              ) * 153 + 2
            ) / 5.0E0
          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
        ) - 0 - MOD(
          (
            MOD(
              (
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0
              ),
              3600000
            ) + 3600000
          ),
          3600000
        )
      ) / 3600000 AS BIGINT) * 3600000 + 0 - MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 0
                      ),
                      3600000
                    ) + 3600000
                  ),
                  3600000
                )
              ) / 3600000 AS BIGINT) * 3600000 + 0
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 0
                      ),
                      3600000
                    ) + 3600000
                  ),
                  3600000
                )
              ) / 3600000 AS BIGINT) * 3600000 + 0
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) * INTERVAL '0.001' SECOND
  ) AS `hour`,
  (
    TIMESTAMPADD(DAY, CAST((
      CAST((
        (
          CAST(365 * FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 12.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 48.0E0
          ) - FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 1200.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 4800.0E0
          ) + FLOOR(
            (
              MOD(
                (
                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                ),
                12
              ) * 153 + 2
            ) / 5.0E0
          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
        ) - 300000 - MOD(
          (
            MOD(
              (
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 300000
              ),
              900000
            ) + 900000
          ),
          900000
        )
      ) / 900000 AS BIGINT) * 900000 + 300000 - MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 300000 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 300000
                      ),
                      900000
                    ) + 900000
                  ),
                  900000
                )
              ) / 900000 AS BIGINT) * 900000 + 300000
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 300000 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 300000
                      ),
                      900000
                    ) + 900000
                  ),
                  900000
                )
              ) / 900000 AS BIGINT) * 900000 + 300000
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) * INTERVAL '0.001' SECOND
  ) AS `quarter_hour_from_5`,
  (
    TIMESTAMPADD(DAY, CAST((
      CAST((
        (
          CAST(365 * FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 12.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 48.0E0
          ) - FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 1200.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 4800.0E0
          ) + FLOOR(
            (
              MOD(
                (
                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                ),
                12
              ) * 153 + 2
            ) / 5.0E0
          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
        ) - 0 - MOD(
          (
            MOD(
              (
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0
              ),
              172800000
            ) + 172800000
          ),
          172800000
        )
      ) / 172800000 AS BIGINT) * 172800000 + 0 - MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 0
                      ),
                      172800000
                    ) + 172800000
                  ),
                  172800000
                )
              ) / 172800000 AS BIGINT) * 172800000 + 0
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 0
                      ),
                      172800000
                    ) + 172800000
                  ),
                  172800000
                )
              ) / 172800000 AS BIGINT) * 172800000 + 0
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) * INTERVAL '0.001' SECOND
  ) AS `two_days`,
  (
    TIMESTAMPADD(DAY, CAST((
      CAST((
        (
          CAST(365 * FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 12.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 48.0E0
          ) - FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 1200.0E0
          ) + FLOOR(
            (
              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
            ) / 4800.0E0
          ) + FLOOR(
            (
              MOD(
                (
                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                ),
                12
              ) * 153 + 2
            ) / 5.0E0
          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
        ) - 0 - MOD(
          (
            MOD(
              (
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0
              ),
              100
            ) + 100
          ),
          100
        )
      ) / 100 AS BIGINT) * 100 + 0 - MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 0
                      ),
                      100
                    ) + 100
                  ),
                  100
                )
              ) / 100 AS BIGINT) * 100 + 0
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) / 86400000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00.000') + (
      MOD(
        (
          MOD(
            (
              CAST((
                (
                  CAST(365 * FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 12.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 48.0E0
                  ) - FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 1200.0E0
                  ) + FLOOR(
                    (
                      12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                    ) / 4800.0E0
                  ) + FLOOR(
                    (
                      MOD(
                        (
                          12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                        ),
                        12
                      ) * 153 + 2
                    ) / 5.0E0
                  ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                ) - 0 - MOD(
                  (
                    MOD(
                      (
                        (
                          CAST(365 * FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 12.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 48.0E0
                          ) - FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 1200.0E0
                          ) + FLOOR(
                            (
                              12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                            ) / 4800.0E0
                          ) + FLOOR(
                            (
                              MOD(
                                (
                                  12 * EXTRACT(YEAR FROM `t0`.`created_at`) + EXTRACT(MONTH FROM `t0`.`created_at`) - 3
                                ),
                                12
                              ) * 153 + 2
                            ) / 5.0E0
                          ) + EXTRACT(DAY FROM `t0`.`created_at`) - 719469 AS BIGINT) * 86400000 + EXTRACT(HOUR FROM `t0`.`created_at`) * 3600000 + EXTRACT(MINUTE FROM `t0`.`created_at`) * 60000 + EXTRACT(SECOND FROM `t0`.`created_at`) * 1000 + MOD(EXTRACT(MILLISECOND FROM `t0`.`created_at`), 1000)
                        ) - 0
                      ),
                      100
                    ) + 100
                  ),
                  100
                )
              ) / 100 AS BIGINT) * 100 + 0
            ),
            86400000
          ) + 86400000
        ),
        86400000
      )
    ) * INTERVAL '0.001' SECOND
  ) AS `tenth_second`
FROM `shop`.`orders` AS `t0`
