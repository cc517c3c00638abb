"""Foundation smoke: the app comes up, login works, home renders in Vietnamese."""

from support import login


def test_login_page_in_vietnamese(client):
    page = client.get("/auth/login")
    assert page.status_code == 200
    assert "Đăng nhập" in page.get_data(as_text=True)


def test_member_logs_in_and_sees_home(client):
    response = login(client, "member")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Chào đồng chí" in home.get_data(as_text=True)


def test_every_home_panel_provider_exists(app):
    """Each area's home panel provider is importable, so no area silently drops out of the home page."""
    from portal.blueprints.main.panels import AREAS, area_module

    assert all(callable(area_module(name).panels) for name in AREAS)
