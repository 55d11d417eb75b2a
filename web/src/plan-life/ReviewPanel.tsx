/**
 * 部门联审: the editor names the departments and a deadline; a reviewer approves or objects with a
 * reason; the editor answers each objection. The page says what still blocks submission (the
 * server refuses `review → submitted` for the same reasons).
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, List, Select, Space, Tag, Typography } from 'antd';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { asList, useFetch, useMay } from './hooks.js';
import { CommentText, errorText, useL } from './parts.js';
import type { ReviewEntry, ReviewRequest, VersionDetail } from './types.js';

/** What blocks submission, as the state machine counts it (lifecycle.ts, TransitionContext.review). */
export function reviewBlocks(requests: readonly ReviewRequest[]): { requested: number; pending: number; unansweredObjections: number } {
  return {
    requested: requests.length,
    pending: requests.filter((r) => r.reviews.length === 0).length,
    unansweredObjections: requests.flatMap((r) => r.reviews).filter((v) => v.decision === 'object' && v.answer === null).length,
  };
}

export function ReviewPanel({ detail, onChanged }: { detail: VersionDetail; onChanged: () => void }) {
  const t = useL();
  const may = useMay();
  const [n, setN] = useState(0);
  const reviews = useFetch<unknown>(`/api/plan-versions/${detail.id}/reviews`, n);
  const requests = asList<ReviewRequest>(reviews.data, 'requests');
  const b = reviewBlocks(requests);
  const changed = (): void => {
    setN((x) => x + 1);
    onChanged();
  };
  const open = detail.state === 'review' || detail.state === 'drafting' || detail.state === 'consultation';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {reviews.error && <Alert type="error" showIcon message={reviews.error} />}
      {detail.state === 'review' && (
        <Alert
          data-testid="review-blocks"
          type={b.requested > 0 && b.pending === 0 && b.unansweredObjections === 0 ? 'success' : 'warning'}
          showIcon
          message={
            b.requested === 0
              ? `${t('blocks')} ${t('noReviewRequested')}`
              : b.pending === 0 && b.unansweredObjections === 0
                ? t('noBlock')
                : `${t('blocks')} ${[b.pending ? `${b.pending} ${t('pendingDept')}` : '', b.unansweredObjections ? `${b.unansweredObjections} ${t('openObjections')}` : ''].filter(Boolean).join('；')}`
          }
        />
      )}
      {may('plan.edit') && open && <RequestForm detail={detail} onDone={changed} />}
      <List
        data-testid="review-requests"
        bordered
        dataSource={requests}
        locale={{ emptyText: t('noReviewRequested') }}
        renderItem={(r) => (
          <List.Item data-testid={`review-request-${r.requestId}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>
                  <CommentText text={r.department} />
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('deadline')} {r.deadline}
                </Typography.Text>
                {r.overdue && <Tag color="red">{t('overdue')}</Tag>}
                {r.reviews.length === 0 && <Tag>{t('awaiting')}</Tag>}
              </Space>
              {r.reviews.map((v) => (
                <ReviewLine key={v.id} review={v} canAnswer={may('plan.edit')} onDone={changed} />
              ))}
              {may('plan.review') && detail.state === 'review' && <SignForm requestId={r.requestId} onDone={changed} />}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

function RequestForm({ detail, onDone }: { detail: VersionDetail; onDone: () => void }) {
  const t = useL();
  const { message } = AntApp.useApp();
  const [departments, setDepartments] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useState<string | null>(null);
  const go = async (): Promise<void> => {
    setError(null);
    try {
      await post(`/api/plan-versions/${detail.id}/review-requests`, { departments: departments.map((d) => d.trim()).filter(Boolean), deadline });
      message.success(t('requestReview'));
      setDepartments([]);
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card size="small" title={t('requestReview')} data-testid="review-request-form">
      <Space wrap>
        <Select data-testid="review-departments" mode="tags" style={{ minWidth: 360 }} placeholder={t('departments')} value={departments} onChange={setDepartments} tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
        <Input type="date" data-testid="review-deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} style={{ width: 160 }} />
        <Button type="primary" disabled={departments.length === 0 || !deadline} onClick={() => void go()} data-testid="review-request-go">
          {t('requestReview')}
        </Button>
      </Space>
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={error} />}
    </Card>
  );
}

function ReviewLine({ review, canAnswer, onDone }: { review: ReviewEntry; canAnswer: boolean; onDone: () => void }) {
  const t = useL();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const go = async (): Promise<void> => {
    setError(null);
    try {
      await post(`/api/reviews/${review.id}/answer`, { answer: answer.trim() });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div data-testid={`review-${review.id}`} style={{ paddingLeft: 12, borderLeft: `3px solid ${review.decision === 'object' ? '#ff4d4f' : '#52c41a'}` }}>
      <Space wrap>
        <Tag color={review.decision === 'object' ? 'red' : 'green'}>{review.decision === 'object' ? t('objected') : t('approvedReview')}</Tag>
        <Typography.Text>{review.reviewer}</Typography.Text>
        {review.reason && <CommentText text={review.reason} />}
        <Typography.Text type="secondary">{review.decidedAt.replace('T', ' ').slice(0, 16)}</Typography.Text>
      </Space>
      {review.answer ? (
        <div>
          <Tag color="blue">{t('answered')}</Tag>
          <CommentText text={review.answer.text} /> <Typography.Text type="secondary">— {review.answer.by}</Typography.Text>
        </div>
      ) : (
        review.decision === 'object' &&
        canAnswer && (
          <Space wrap style={{ marginTop: 4 }}>
            <Input data-testid={`review-answer-${review.id}`} placeholder={t('answer')} value={answer} maxLength={1000} onChange={(e) => setAnswer(e.target.value)} style={{ width: 420 }} />
            <Button disabled={!answer.trim()} onClick={() => void go()} data-testid={`review-answer-go-${review.id}`}>
              {t('answer')}
            </Button>
          </Space>
        )
      )}
      {error && <Alert type="error" showIcon message={error} />}
    </div>
  );
}

function SignForm({ requestId, onDone }: { requestId: number; onDone: () => void }) {
  const t = useL();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const go = async (decision: 'approve' | 'object'): Promise<void> => {
    setError(null);
    try {
      await post(`/api/review-requests/${requestId}/reviews`, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setReason('');
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div>
      <Space wrap>
        <Input data-testid={`sign-reason-${requestId}`} placeholder={t('reason')} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} style={{ width: 360 }} />
        <Button type="primary" onClick={() => void go('approve')} data-testid={`sign-approve-${requestId}`}>
          {t('approve')}
        </Button>
        <Button danger disabled={!reason.trim()} onClick={() => void go('object')} data-testid={`sign-object-${requestId}`}>
          {t('object')}
        </Button>
      </Space>
      {error && <Alert style={{ marginTop: 4 }} type="error" showIcon message={error} />}
    </div>
  );
}
