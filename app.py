"""BMI Advisor for founders: `streamlit run app.py`. Thin on purpose: pages and logic live elsewhere."""

import streamlit as st

from app_pages.components import ui

st.set_page_config(page_title="BMI Advisor", page_icon=":material/insights:", layout="centered")
ui.accessible_style()
ui.warm_up()
ui.sync_resume_code()

questions = st.Page(
    "app_pages/questionnaire.py", title="Questionnaire", icon=":material/edit_note:", default=True
)
state = ui.current()
if state is not None and state[1].advising is not None:  # an advisor's link: the shared assessment only
    page = st.navigation(
        [st.Page("app_pages/advisor_review.py", title="Advisor review", icon=":material/rate_review:")]
    )
elif state is not None and state[1].invitation is not None:
    # The other side of a founder's deal: its own page, no menu to the founder's tools.
    page = st.navigation([questions], position="hidden")
else:
    page = st.navigation(
        [
            questions,
            st.Page("app_pages/report.py", title="Report", icon=":material/description:"),
            st.Page("app_pages/portfolio.py", title="Portfolio", icon=":material/table_chart:"),
            st.Page("app_pages/teaching.py", title="Teaching", icon=":material/school:"),
        ]
    )
# The portfolio's heat map needs the width of the screen; a page's own set_page_config comes too late
# to widen the frame the navigation already drew, so the layout is chosen here, per page.
st.set_page_config(layout="wide" if page.url_path == "portfolio" else "centered")
page.run()
