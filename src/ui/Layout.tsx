// Page layout: top bar, main view area with the side panel beside it, and an empty bottom
// region kept for the future timeline (no placeholder controls).

import type { ReactNode } from 'react';

export function Layout({ top, main, side, overlay }: { top: ReactNode; main: ReactNode; side: ReactNode; overlay?: ReactNode }) {
  return (
    <div className="layout">
      {top}
      <div className="layout-body">
        <main className="view-area">{main}</main>
        {side}
      </div>
      <div className="timeline-slot" data-slot="timeline" />
      {overlay}
    </div>
  );
}
