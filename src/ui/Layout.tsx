// Page layout: top bar, main view area with the side panel beside it, and the simulation
// timeline along the bottom.

import type { ReactNode } from 'react';

export function Layout({ top, main, side, timeline, overlay }: { top: ReactNode; main: ReactNode; side: ReactNode; timeline?: ReactNode; overlay?: ReactNode }) {
  return (
    <div className="layout">
      {top}
      <div className="layout-body">
        <main className="view-area">{main}</main>
        {side}
      </div>
      <div className="timeline-slot" data-slot="timeline">
        {timeline}
      </div>
      {overlay}
    </div>
  );
}
