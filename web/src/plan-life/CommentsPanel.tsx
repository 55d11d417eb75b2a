/**
 * 公众意见 (staff): every comment on the version, hidden ones too; hide with a reason (never
 * delete), answer 采纳 / 部分采纳 / 不采纳 with a reason, and publish the answers after the period.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Input, List, Select, Space, Tag, Typography } from 'antd';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { asList, useFetch, useMay } from './hooks.js';
import { AnswerTag, CommentText, errorText, itemLabel, useL } from './parts.js';
import type { AnswerKind, Comment, VersionDetail } from './types.js';

export function CommentsPanel({ detail, onChanged }: { detail: VersionDetail; onChanged: () => void }) {
  const t = useL();
  const { pick } = useI18n();
  const may = useMay();
  const { message } = AntApp.useApp();
  const [n, setN] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const list = useFetch<unknown>(`/api/plan-versions/${detail.id}/comments`, n);
  const comments = asList<Comment>(list.data, 'comments');
  const changed = (): void => setN((x) => x + 1);
  const publish = async (): Promise<void> => {
    setError(null);
    try {
      await post(`/api/plan-versions/${detail.id}/answers/publish`, {});
      message.success(t('answersPublished'));
      changed();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        {detail.consultation && (
          <Typography.Text>
            {t('period')}：{detail.consultation.from} — {detail.consultation.until}
          </Typography.Text>
        )}
        {detail.answersPublishedAt ? (
          <Tag color="green" data-testid="answers-published">
            {t('answersPublished')} {detail.answersPublishedAt.slice(0, 10)}
          </Tag>
        ) : (
          may('comment.moderate') &&
          detail.consultation && (
            <Button onClick={() => void publish()} data-testid="publish-answers">
              {t('publishAnswers')}
            </Button>
          )
        )}
      </Space>
      {(error ?? list.error) && <Alert type="error" showIcon message={error ?? list.error} data-testid="comments-error" />}
      <List
        data-testid="staff-comments"
        bordered
        dataSource={comments}
        locale={{ emptyText: t('noComments') }}
        renderItem={(c) => (
          <List.Item data-testid={`comment-${c.id}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Tag>#{c.id}</Tag>
                <Typography.Text type="secondary">{itemLabel(c.item, t, pick)}</Typography.Text>
                <Typography.Text type="secondary">{c.name ? <CommentText text={c.name} /> : t('anonymous')}</Typography.Text>
                {c.createdAt && <Typography.Text type="secondary">{c.createdAt.replace('T', ' ').slice(0, 16)}</Typography.Text>}
                {(c.hidden || c.hiddenReason) && (
                  <Tag color="default">
                    {t('hidden')}：<CommentText text={c.hidden?.reason ?? c.hiddenReason ?? ''} />
                  </Tag>
                )}
              </Space>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                <CommentText text={c.body ?? ""} testId="comment-body" />
              </Typography.Paragraph>
              {c.answer && (
                <Space wrap>
                  <AnswerTag answer={c.answer} />
                  <CommentText text={c.answer.reason} />
                </Space>
              )}
              <Space wrap>
                {may('plan.edit') && <AnswerForm comment={c} onDone={changed} />}
                {may('comment.moderate') && !c.hidden && !c.hiddenReason && <HideForm comment={c} onDone={changed} />}
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

function AnswerForm({ comment, onDone }: { comment: Comment; onDone: () => void }) {
  const t = useL();
  const [kind, setKind] = useState<AnswerKind | undefined>(comment.answer?.kind);
  const [reason, setReason] = useState(comment.answer?.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const go = async (): Promise<void> => {
    setError(null);
    try {
      await post(`/api/comments/${comment.id}/answer`, { kind, reason: reason.trim() });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Space wrap>
      <Select<AnswerKind>
        data-testid={`answer-kind-${comment.id}`}
        style={{ width: 130 }}
        placeholder={t('answer')}
        value={kind}
        onChange={setKind}
        options={(['adopted', 'partly', 'rejected'] as const).map((k) => ({ value: k, label: t(`answer_${k}`) }))}
      />
      <Input data-testid={`answer-reason-${comment.id}`} placeholder={t('reason')} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} style={{ width: 360 }} />
      <Button disabled={!kind || !reason.trim()} onClick={() => void go()} data-testid={`answer-go-${comment.id}`}>
        {t('answer')}
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}

function HideForm({ comment, onDone }: { comment: Comment; onDone: () => void }) {
  const t = useL();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const go = async (): Promise<void> => {
    setError(null);
    try {
      await post(`/api/comments/${comment.id}/hide`, { reason: reason.trim() });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Space wrap>
      <Input data-testid={`hide-reason-${comment.id}`} placeholder={t('hideReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} style={{ width: 220 }} />
      <Button danger disabled={!reason.trim()} onClick={() => void go()} data-testid={`hide-go-${comment.id}`}>
        {t('hide')}
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}
