"""Python checks behind the judgement rules of the catalogue (rules/JL1xx-JL4xx).

One module per family: `jobs` (JL1xx, Job specs, also the job template of a CronJob), `cronjobs`
(JL2xx), `documents` (JL3xx, across the documents of a run), `consequences` (JL4xx, what the
reference controller does with the Job). `common` holds what they share: the Job spec of either
kind with its path, label selector matching, durations in words.
"""
