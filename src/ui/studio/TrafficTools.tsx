// The studio's traffic part: the signal timing editor and the corridor tools when the draft
// simulates traffic, else an offer to add the traffic section (the modelled weekday demand).

import { useTranslation } from 'react-i18next';
import { scenarioSchema } from '../../core/scenario/schema.ts';
import { useStudioStore } from '../../store/studioStore.ts';
import { editDraft } from './studioActions.ts';
import { SignalEditor } from './SignalEditor.tsx';
import { CorridorTools } from './CorridorTools.tsx';

export function TrafficTools() {
  const { t } = useTranslation();
  const draft = useStudioStore((s) => s.draft);
  if (!draft) return null;
  if (!draft.traffic)
    return (
      <section className="traffic-tools" data-testid="traffic-tools">
        <h3>{t('studio.signals.title')}</h3>
        <p className="muted hint">{t('studio.signals.noTraffic')}</p>
        <button type="button" data-testid="traffic-add" onClick={() => editDraft(scenarioSchema.parse({ ...draft, traffic: {} }))}>
          {t('studio.signals.addTraffic')}
        </button>
      </section>
    );
  return (
    <section className="traffic-tools" data-testid="traffic-tools">
      <SignalEditor />
      <CorridorTools />
    </section>
  );
}
