"""Who did what, in CSV imports: an imported progress update is posted by the importer, whatever its
author column says, and an initiative's responsible manager is a user with the manager role."""
import pytest

from initiatives.models import Initiative, ProgressUpdate
from initiatives.tests.test_csv import confirm, upload

pytestmark = pytest.mark.django_db

UPDATES = (
    "initiative,date,text,author\n"
    "pop-up-shops,2025-05-02,Three shops opened.,mayor\n"
    "pop-up-shops,2025-05-09,Two more shops opened.,ghost\n"
    "pop-up-shops,2025-05-16,A market on Fridays.,lead_manager\n"
    "pop-up-shops,2025-05-23,The makers' fair was full.,\n"
)


def test_imported_updates_are_posted_by_the_importer_and_the_preview_says_so(manager_client, world):
    preview = " ".join(upload(manager_client, "updates", UPDATES).content.decode().split())
    assert "Every update you import is posted under your name: the author column is not used." in preview
    assert "The author column names “mayor”: the update is posted under your name." in preview
    assert "The author column names “ghost”: the update is posted under your name." in preview  # nobody: no error
    assert "names “lead_manager”" not in preview  # the importer's own name needs no word
    assert "4 rows will be imported." in preview
    assert confirm(manager_client, "updates").status_code == 302
    authors = set(ProgressUpdate.objects.filter(initiative=world.public).values_list("author__username", flat=True))
    assert authors == {"lead_manager"}
    page = manager_client.get(world.public.get_absolute_url()).content.decode()
    assert "Posted by mayor" not in page and "Posted by lead_manager" in page


def test_an_update_already_stored_keeps_its_author_and_gets_no_note(manager_client, world):
    ProgressUpdate.objects.create(initiative=world.public, date="2025-05-02", text="Three shops opened.",
                                  author=world.users["mayor"])
    preview = upload(manager_client, "updates", UPDATES.split("\n", 2)[0] + "\n" + UPDATES.split("\n")[1] + "\n")
    page = preview.content.decode()
    assert "unchanged" in page and "names “mayor”" not in page
    assert ProgressUpdate.objects.get(text="Three shops opened.").author == world.users["mayor"]


HEADER = "slug,title,summary,theme,status,lead_committee,responsible_manager\n"


def test_the_responsible_manager_must_be_a_user_with_the_manager_role(manager_client, world):
    text = HEADER + (
        "night-market,Night market,Stalls on Fridays,vacant-premises,planned,city-marketing,mayor\n"
        "lake-walk,Lake walk,Paths,vacant-premises,idea,city-marketing,secretary\n"
        "river-steps,River steps,Seats by the river,vacant-premises,idea,city-marketing,nobody\n"
        "pocket-park,Pocket park,Trees,vacant-premises,idea,city-marketing,other_manager\n"
    )
    page = upload(manager_client, "initiatives", text).content.decode()
    assert "Nothing was imported" in page
    assert "Row 2: column responsible_manager, “mayor”: “mayor” is not a user with the manager role." in page
    assert "Row 3: column responsible_manager, “secretary”: “secretary” is not a user with the manager role." in page
    assert "Row 4: column responsible_manager, “nobody”: “nobody” is not a user with the manager role." in page
    assert "Row 5:" not in page  # a manager of another committee may be responsible
    assert not Initiative.objects.filter(slug__in=["night-market", "lake-walk", "river-steps", "pocket-park"]).exists()


def test_an_initiative_imported_with_a_manager_names_that_manager(manager_client, world):
    text = HEADER + "night-market,Night market,Stalls on Fridays,vacant-premises,planned,city-marketing,other_manager\n"
    upload(manager_client, "initiatives", text)
    assert confirm(manager_client, "initiatives").status_code == 302
    assert Initiative.objects.get(slug="night-market").responsible_manager == world.users["other_manager"]
