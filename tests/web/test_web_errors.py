"""Error pages: HTML routes answer in the site's layout and in Chinese; the API keeps JSON."""

from __future__ import annotations

from tests.web.conftest import App, session_for

HTML = {"Accept": "text/html,application/xhtml+xml"}


def test_a_missing_page_is_a_chinese_page_and_the_api_stays_json(app: App) -> None:
    page = app.client.get("/submissions/nope", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "页面不存在" in page.text and "审核队列" in page.text and '"error"' not in page.text
    api = app.client.get("/api/submissions/nope", headers=HTML)
    assert api.status_code == 404 and api.json()["error"]["code"]
    fetch = app.client.get("/submissions/nope", headers={"X-Requested-With": "fetch"})
    assert fetch.status_code == 404 and fetch.json()["error"]


def test_the_cohort_403_says_viewing_not_changing(app: App) -> None:
    session_for(app.client, app.settings, "sub")
    page = app.client.get("/cohort", headers=HTML)
    assert page.status_code == 403
    assert "只有评审员可以查看此页面" in page.text and "修改和评分" not in page.text
    # The page keeps the site's navigation for whoever is signed in, but no reviewer links.
    assert ">sub<" in page.text and "退出" in page.text and "项目排名" not in page.text


def test_a_bad_query_is_a_page_too(app: App) -> None:
    page = app.client.get("/queue?sort=nonsense", headers=HTML)
    assert page.status_code == 422 and "输入有误" in page.text


def test_reprocess_needs_a_post_by_a_reviewer(app: App) -> None:
    sid = app.add_done_submission()
    landing = app.client.get(f"/submissions/{sid}/reprocess", follow_redirects=False)
    assert landing.status_code == 303 and landing.headers["location"] == f"/submissions/{sid}"
    no_token = app.client.post(f"/submissions/{sid}/reprocess", headers=HTML)
    assert no_token.status_code == 403
    token = session_for(app.client, app.settings, "sub")
    refused = app.client.post(
        f"/submissions/{sid}/reprocess", headers={**HTML, "X-CSRF-Token": token}
    )
    assert refused.status_code == 403 and "只有评审员可以修改和评分" in refused.text
