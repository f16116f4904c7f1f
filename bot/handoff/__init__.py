"""Handoff of confirmed intakes to the physicians' review service, exactly once.

``IntakeStore.submit`` writes the record and an outbox row in one transaction. The
delivery worker (``python -m bot.handoff.worker``, its own process) sends each outbox row
to ``POST {REVIEW_SERVICE_URL}/intakes`` signed with HMAC (``signing``), retries
transient failures with jittered exponential backoff (``backoff``) for up to three days,
and marks the conversation ``delivered`` or ``delivery_failed``. The review service
de-duplicates by ``Idempotency-Key``, so re-sending after a crash or a lost answer is
harmless; a care navigator re-queues failed deliveries with
``python -m bot.handoff.requeue REFERENCE``.

Modules: ``fhir_bundle`` (the record as a FHIR R4 transaction Bundle), ``questionnaire``
(the Questionnaire it answers, served by the web app), ``signing``, ``review_client``
(one attempt, classified), ``backoff``, ``outbox`` (claims, outcomes, re-queue),
``settings``, ``worker``, ``requeue``, ``benchmark``.
"""
