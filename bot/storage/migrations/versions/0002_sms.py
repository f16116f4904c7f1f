"""SMS numbers (opaque conversation id, opt-out, last offered choices) and processed message ids.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Creates the two SMS tables."""
    op.create_table(
        "sms_numbers",
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("choices", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_sms_numbers")),
    )
    op.create_table(
        "sms_messages",
        sa.Column("message_sid", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_sid", name=op.f("pk_sms_messages")),
    )


def downgrade() -> None:
    """Drops the SMS tables."""
    op.drop_table("sms_messages")
    op.drop_table("sms_numbers")
