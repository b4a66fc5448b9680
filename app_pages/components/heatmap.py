"""The portfolio heat map on a page: portfolio.html's picture, and a click that opens the firm.

The HTML comes from advisor.portfolio.heatmap (every client's text escaped there); filters and
sorting run in the browser, so they cost no rerun. A click on a firm is sent back as a trigger.
"""

from __future__ import annotations

import streamlit as st

from advisor.portfolio.heatmap import HEATMAP_CSS, HEATMAP_JS

_MOUNT = """
export default function(component){
  const {data, parentElement, setTriggerValue} = component;
  const host = parentElement.querySelector('.hm-host');
  if (host.dataset.shown === data.id) return;  // the same portfolio: keep the reader's filters
  host.dataset.shown = data.id;
  host.innerHTML = data.html;
  heatmap(host, key => setTriggerValue('open', key));
}
"""

_component = st.components.v2.component(
    "bmi_advisor_heatmap", html="<div class='hm-host'></div>", css=HEATMAP_CSS, js=HEATMAP_JS + _MOUNT
)


def heatmap(html: str, identity: str, key: str) -> str | None:
    """Show the heat map; the key (report stem) of the firm clicked in this run, if any.
    `identity` changes whenever the portfolio does, so an unchanged one is not redrawn."""
    result = _component(data={"html": html, "id": identity}, key=key, on_open_change=lambda: None)
    return result.open
