"""Initial schema: documents, items, due dates, bodies, assignments, history, import notes.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 07:47:54.185153
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('full_name', sa.Text(), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_code'), ['code'], unique=True)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('plan_title', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('content_sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_source_name'), ['source_name'], unique=True)

    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'number', 'title')
    )
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_document_id'), ['document_id'], unique=False)

    op.create_table('item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dup_index', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('deadline_raw', sa.Text(), nullable=True),
    sa.Column('schedule_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('schedule_owner', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('schedule_explain', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('form', sa.Text(), nullable=True),
    sa.Column('responsible_raw', sa.Text(), nullable=True),
    sa.Column('report_form', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source_lines', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'kind', 'number', 'dup_index')
    )
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_document_id'), ['document_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('via_group_id', sa.Integer(), nullable=True),
    sa.Column('occurrence', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=True),
    sa.Column('original_due_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('report_received', sa.Boolean(), nullable=False),
    sa.Column('report_ref', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['via_group_id'], ['body.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'body_id', 'occurrence')
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_body_due', ['body_id', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_assignment_open_due', ['due_on'], unique=False, sqlite_where=sa.text("status IN ('planned', 'in_progress', 'postponed')"), postgresql_where=sa.text("status IN ('planned', 'in_progress', 'postponed')"))
        batch_op.create_index('ix_assignment_status_due', ['status', 'due_on'], unique=False)

    op.create_table('import_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('import_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_note_document_id'), ['document_id'], unique=False)

    op.create_table('item_body',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'body_id')
    )
    with op.batch_alter_table('item_body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_body_body_id'), ['body_id'], unique=False)

    op.create_table('item_due',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('occurrence', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'occurrence')
    )
    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('batch', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('old_status', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('new_status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('old_due_on', sa.Date(), nullable=True),
    sa.Column('new_due_on', sa.Date(), nullable=True),
    sa.Column('old_completed_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('report_received', sa.Boolean(), nullable=True),
    sa.Column('report_ref', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('undo_of', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undo_of'], ['status_change.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_change_batch'), ['batch'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_batch'))
        batch_op.drop_index(batch_op.f('ix_status_change_assignment_id'))

    op.drop_table('status_change')
    op.drop_table('item_due')
    with op.batch_alter_table('item_body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_body_body_id'))

    op.drop_table('item_body')
    with op.batch_alter_table('import_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_note_document_id'))

    op.drop_table('import_note')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_status_due')
        batch_op.drop_index('ix_assignment_open_due', sqlite_where=sa.text("status IN ('planned', 'in_progress', 'postponed')"), postgresql_where=sa.text("status IN ('planned', 'in_progress', 'postponed')"))
        batch_op.drop_index(batch_op.f('ix_assignment_item_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_due_on'))
        batch_op.drop_index('ix_assignment_body_due')

    op.drop_table('assignment')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_document_id'))

    op.drop_table('item')
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_document_id'))

    op.drop_table('section')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_source_name'))

    op.drop_table('document')
    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_code'))

    op.drop_table('body')
