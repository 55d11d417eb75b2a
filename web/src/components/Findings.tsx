import { Collapse, Empty, List, Space, Tag, Typography } from 'antd';
import { groupCannotCheck, type MissingInput } from '../../../src/domain/finding.js';
import type { FindingDto } from '../../../src/server/schemas.js';
import { useI18n } from '../i18n.js';

const COLOR = { error: 'red', warning: 'gold', info: 'blue' } as const;

/** A long computed decimal shown to 6 places (display only; the full value is in the tooltip). */
function short(v: string): string {
  return v.replace(/(\d+\.\d{6})\d{3,}/g, '$1…');
}

export function SeverityTag({ severity }: { severity: FindingDto['severity'] }) {
  const { t } = useI18n();
  return <Tag color={COLOR[severity]}>{t(severity)}</Tag>;
}

const CONFIDENCE_COLOR = { confirmed: 'green', secondary: 'default', unconfirmed: 'orange', heuristic: 'purple' } as const;

/** How sure a finding's basis is, beside the citation: a heuristic (经验阈值) is never mistaken for law. */
export function ConfidenceTag({ confidence }: { confidence: NonNullable<FindingDto['confidence']> }) {
  const { t } = useI18n();
  return (
    <Tag color={CONFIDENCE_COLOR[confidence]} title={t('confidenceHint')} data-testid="finding-confidence">
      {t(`confidence_${confidence}`)}
    </Tag>
  );
}

function FindingBody({ f }: { f: FindingDto }) {
  const { t, pick } = useI18n();
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <Space wrap>
        <SeverityTag severity={f.severity} />
        <Typography.Text code>{f.rule}</Typography.Text>
        <Typography.Text>{pick(f.message)}</Typography.Text>
      </Space>
      {(f.stated !== undefined || f.expected !== undefined) && (
        <Typography.Text type="secondary" className="lp-num">
          {f.stated !== undefined && `${t('stated')}: ${short(f.stated)}　`}
          {f.expected !== undefined && <span title={f.expected}>{`${t('expected')}: ${short(f.expected)}`}</span>}
        </Typography.Text>
      )}
      {f.suggestion && (
        <Typography.Text type="secondary">
          {t('suggestion')}: {pick(f.suggestion)}
        </Typography.Text>
      )}
      {f.basis && (
        <Space size={4} wrap>
          <Typography.Text type="secondary" italic>
            {t('basis')}
          </Typography.Text>
          {f.confidence && <ConfidenceTag confidence={f.confidence} />}
          <Typography.Text type="secondary" italic>
            {f.basis}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );
}

/**
 * The rules that could not be checked for want of input, folded into one group headed by what is
 * missing; each rule opens to its message and basis.
 */
function CannotCheckGroup({ findings, missing }: { findings: readonly FindingDto[]; missing: readonly MissingInput[] }) {
  const { pick } = useI18n();
  const header = (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="cannot-check-title">
        {pick({ zh: `${findings.length} 项无法核验（缺少资料）`, en: `${findings.length} rule${findings.length === 1 ? '' : 's'} not checked (missing input)` })}
      </Typography.Text>
      <Space size={[4, 4]} wrap>
        {missing.map((m) => (
          <Tag key={m.field} title={m.field} data-testid="cannot-check-missing">
            {pick(m.label)}
          </Tag>
        ))}
      </Space>
    </Space>
  );
  return (
    <Collapse
      size="small"
      ghost
      data-testid="cannot-check-group"
      items={[
        {
          key: 'group',
          label: header,
          children: (
            <Collapse
              size="small"
              items={findings.map((f, i) => ({
                key: `${f.rule}-${i}`,
                label: (
                  <Space wrap size={4} data-testid="cannot-check-rule">
                    <Typography.Text code>{f.rule}</Typography.Text>
                    <Typography.Text type="secondary">{(f.missing ?? []).map((m) => pick(m.label)).join('、')}</Typography.Text>
                  </Space>
                ),
                children: <FindingBody f={f} />,
              }))}
            />
          ),
        },
      ]}
    />
  );
}

/** Errors and warnings first; the rules that could not be checked for want of input as one folded group last. */
export function Findings({ findings, onSelect, testId }: { findings: readonly FindingDto[]; onSelect?: (f: FindingDto) => void; testId?: string }) {
  const { t } = useI18n();
  if (findings.length === 0) return <Empty description={t('noFindings')} data-testid={testId} />;
  const { others, cannotCheck, missing } = groupCannotCheck(findings);
  return (
    <div data-testid={testId}>
      {others.length > 0 && (
        <List
          size="small"
          dataSource={others}
          renderItem={(f) => (
            <List.Item onClick={onSelect ? () => onSelect(f) : undefined} style={onSelect ? { cursor: 'pointer' } : undefined} data-testid="finding">
              <FindingBody f={f} />
            </List.Item>
          )}
        />
      )}
      {cannotCheck.length > 0 && <CannotCheckGroup findings={cannotCheck} missing={missing} />}
    </div>
  );
}
