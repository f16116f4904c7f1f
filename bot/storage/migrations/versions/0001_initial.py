"""Conversations, intake records and the delivery outbox.

Revision ID: 0001
Revises:
Create Date: 2024-01-01 00:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Creates the three tables (Rasa's ``events`` table is not ours)."""
    op.create_table(
        "conversations",
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("asking", sa.String(128), nullable=True),
        sa.Column("answered", sa.Integer(), server_default="0", nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("last_activity_at", _utc(), nullable=False),
        sa.Column("assisted_by", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversations")),
    )
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])
    op.create_index(
        "ix_conversations_status_updated_at",
        "conversations",
        ["status", "updated_at"],
    )

    op.create_table(
        "intake_records",
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("reference", sa.String(16), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("submitted_at", _utc(), nullable=True),
        sa.Column("delivered_at", _utc(), nullable=True),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.conversation_id"],
            name=op.f("fk_intake_records_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_intake_records")),
        sa.UniqueConstraint("reference", name=op.f("uq_intake_records_reference")),
    )

    op.create_table(
        "outbox_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", _utc(), nullable=False),
        sa.Column("locked_until", _utc(), nullable=True),
        sa.Column("locked_by", sa.String(128), nullable=True),
        sa.Column("last_error", sa.String(255), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("delivered_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.conversation_id"],
            name=op.f("fk_outbox_deliveries_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_deliveries")),
        sa.UniqueConstraint("reference", name=op.f("uq_outbox_deliveries_reference")),
    )
    op.create_index(
        op.f("ix_outbox_deliveries_conversation_id"),
        "outbox_deliveries",
        ["conversation_id"],
    )
    op.create_index(
        "ix_outbox_deliveries_status_next_attempt_at",
        "outbox_deliveries",
        ["status", "next_attempt_at"],
    )


def downgrade() -> None:
    """Drops the three tables."""
    op.drop_index(
        "ix_outbox_deliveries_status_next_attempt_at", table_name="outbox_deliveries"
    )
    op.drop_index(
        op.f("ix_outbox_deliveries_conversation_id"), table_name="outbox_deliveries"
    )
    op.drop_table("outbox_deliveries")
    op.drop_table("intake_records")
    op.drop_index("ix_conversations_status_updated_at", table_name="conversations")
    op.drop_index("ix_conversations_updated_at", table_name="conversations")
    op.drop_table("conversations")
