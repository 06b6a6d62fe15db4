"""Common English given names by gender: a prior for "he"/"she" when the article itself
gives no honorific. Names commonly used for both are left out."""

from __future__ import annotations

from .lexicon import word_set

MALE = word_set(
    """
aaron adam alan albert alexander alfred allen andrew anthony antonio arthur barry ben
benjamin bernard bill billy bob bobby brad bradley brandon brett brian bruce bryan carl
carlos charles charlie chris christopher chuck clarence clifford colin craig dale dan
daniel danny darrell dave david dean dennis derek dick don donald doug douglas duane
dwight earl ed eddie edward edwin elijah eric ernest eugene frank franklin fred
frederick gary gene george gerald glenn gordon greg gregory harold harry henry herbert
howard ian jack jacob jake james jason jeff jeffrey jeremy jerome jerry jim jimmy joe
joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith ken
kenneth kevin kurt larry lawrence leon leonard louis luis luke marc marco marcus mark
martin matt matthew michael mike mitch mitchell nathan neil nicholas nick norman oliver
oscar patrick paul peter phil philip ralph randall randy ray raymond richard rick rob
robert roger ron ronald roy russell ryan samuel scott sean seth stanley stephen steve
steven stuart ted thomas tim timothy todd tom tommy tony travis troy victor vincent
walter wayne william willie
"""
)
FEMALE = word_set(
    """
abigail alice alicia allison amanda amy andrea angela ann anna anne barbara beth betsy
betty beverly brenda carol caroline carolyn catherine cheryl christina christine cindy
claire claudia colleen cynthia debbie deborah debra denise diana diane donna doris
dorothy elaine elizabeth ellen emily emma evelyn gail gina gloria grace heather heidi
helen jacqueline jane janet janice jennifer jessica jill joan joanne joyce judith judy
julia julie karen kate katherine kathleen kathryn kathy kim kimberly laura lauren linda
lisa lois loretta lori louise lucy margaret maria marie marilyn martha mary megan
melissa michelle monica nancy natalie nicole nikki pamela patricia paula peggy rachel
rebecca rita rose ruth sally samantha sandra sara sarah sharon shirley stephanie susan
suzanne tammy teresa theresa tiffany tina valerie vanessa victoria virginia wanda wendy
"""
)


def gender_of(first_name: str) -> str | None:
    low = first_name.lower()
    if low in MALE:
        return "m"
    if low in FEMALE:
        return "f"
    return None
