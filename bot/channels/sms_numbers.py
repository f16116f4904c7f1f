"""Phone numbers as conversations: opaque ids, opt-out, offered choices, processed messages."""
from __future__ import annotations

import hashlib
import hmac
from typing import Optional

from sqlalchemy import JSON, Boolean, Column, DateTime, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from bot import clock
from bot.storage.engine import write_transaction
from bot.storage.models import Base


class SmsNumber(Base):
    """One patient phone number and its conversation."""

    __tablename__ = "sms_numbers"
    conversation_id = Column(String(64), primary_key=True)
    phone = Column(String(32), nullable=False)
    opted_out = Column(Boolean, nullable=False, default=False)
    choices = Column(JSON, nullable=True)
    updated_at = Column(DateTime(timezone=True), nullable=False)


class SmsMessage(Base):
    """A Twilio message id already processed (Twilio may deliver a webhook twice)."""

    __tablename__ = "sms_messages"
    message_sid = Column(String(64), primary_key=True)
    received_at = Column(DateTime(timezone=True), nullable=False)


def conversation_id_for(phone: str, secret: str) -> str:
    """The opaque conversation id of a phone number (the number itself never leaves here)."""
    digest = hmac.new(secret.encode(), phone.encode(), hashlib.sha256).hexdigest()
    return f"sms-{digest[:24]}"


class SmsNumbers:
    """Reads and writes the SMS tables."""

    def __init__(self, sessions: "sessionmaker[AsyncSession]") -> None:
        self._sessions = sessions

    async def first_time(self, message_sid: str) -> bool:
        """Records a message id; False when it was processed before."""
        async with self._sessions() as session:
            session.add(SmsMessage(message_sid=message_sid, received_at=clock.now()))
            try:
                await session.commit()
            except IntegrityError:
                return False
        return True

    async def get(self, conversation_id: str) -> Optional[SmsNumber]:
        """The number's row, if it texted before."""
        async with self._sessions() as session:
            return (await session.execute(
                select(SmsNumber).where(SmsNumber.conversation_id == conversation_id)
            )).scalar_one_or_none()

    async def save(self, conversation_id: str, phone: str, *, opted_out: Optional[bool] = None,
                   choices: Optional[list[str]] = None) -> None:
        """Creates or updates the number's row."""
        async with write_transaction(self._sessions) as session:
            row = (await session.execute(
                select(SmsNumber).where(SmsNumber.conversation_id == conversation_id)
            )).scalar_one_or_none()
            if row is None:
                row = SmsNumber(conversation_id=conversation_id, phone=phone, opted_out=False)
                session.add(row)
            if opted_out is not None:
                row.opted_out = opted_out
            if choices is not None:
                row.choices = choices
            row.updated_at = clock.now()
