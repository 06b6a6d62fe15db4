"""Common English given names by gender: a prior for "he"/"she" when the article itself
gives no honorific. Names commonly used for both are left out."""

from __future__ import annotations

from .lexicon import word_set

MALE = word_set(
    """
aaron abraham adam alan albert alec alexander alfred allen alvin andre andrew andy
angelo anthony antoine antonio arnold arthur austin barack barry ben benjamin bennie
bernard bernie bert bill billy bob bobby boris brad bradley brandon brendan brent brett
brian bruce bryan caleb calvin carl carlos cecil chad charles charlie chester chris
christopher chuck clarence clay clifford clint clyde cody colin conrad cory craig curtis
dale damon dan daniel danny darrell darren darryl dave david dean dennis derek derrick
devin dick dominic don donald donnie doug douglas drew duane dustin dwight dylan earl ed
eddie edgar eduardo edward edwin elijah elliot emilio emmanuel enrique eric erik ernest
ethan eugene evan felix fernando floyd francis francisco frank franklin fred frederick
gabriel garrett gary gavin gene george gerald gilbert glenn gordon greg gregory hank
harold harry harvey hector henry herbert herman homer howard hugh hugo ian ivan jack
jacob jake james jared jason javier jay jeb jeff jeffrey jeremiah jeremy jerome jerry
jesse jesus jim jimmy joaquin joe joel john johnny jon jonathan jorge jose joseph josh
joshua juan julian julius justin karl keith ken kenneth kevin kirk kurt kyle lance larry
lawrence leo leon leonard leroy lester lewis lloyd lonnie lorenzo louis luis luke lyle
malcolm manuel marc marco marcus mario mark martin marvin matt matthew max maxwell
melvin michael miguel mike miles milton mitch mitchell mitt morris nathan nathaniel ned
neil newt nicholas nick noah norman oliver omar orlando oscar otto owen pablo patrick
paul pedro peter phil philip preston quentin rafael ralph ramon randall randolph randy
raul ray raymond reginald rex ricardo richard rick ricky rob robert roberto rodney
rodrigo roger roland roman ron ronald ross roy rudolph rudy rufus russell ryan salvador
sammy samuel santiago saul scott sean sergio seth sidney simon spencer stanley stephen
sterling steve steven stuart tanner ted terrence theodore thomas tim timothy tobias todd
tom tommy tony travis trent trevor troy tyler vernon victor vincent vladimir wade walter
warren wayne wesley wilbur william willie xavier zachary
"""
)
FEMALE = word_set(
    """
abigail adriana agnes alexandra alexis alice alicia alison allison alma amanda amber
amelia amy ana andrea angela angelica angie anita ann anna anne annette antoinette
arlene audrey ava barbara beatrice beatriz belinda bernadette bertha beth betsy betty
beverly bianca bonnie brandy brenda brianna bridget brittany camille candace carla
carmen carol carole caroline carolyn cassandra catherine cecilia celeste charlene
charlotte chelsea cheryl chloe christina christine christy cindy claire clara claudia
colleen connie constance courtney crystal cynthia daisy darlene dawn deanna debbie
deborah debra delores denise desiree diana diane dolores donna doris dorothy edith edna
eileen elaine eleanor elena elisa elizabeth ella ellen eloise emily emma erica erika
esther ethel eva evelyn felicia fiona florence frances francesca gabriela gabrielle gail
genevieve georgia geraldine gina gladys glenda gloria grace gwen gwendolyn hannah
harriet hazel heather heidi helen hillary holly ida irene iris isabel isabella ivanka
jacqueline jane janet janice jasmine jeanne jeannette jennifer jenny jessica jill jo
joan joanna joanne jocelyn josephine joyce juanita judith judy julia julie kamala kara
karen karla kate katherine kathleen kathryn kathy katie katrina kay kayla keisha
kellyanne kim kimberly kristen kristin latoya laura lauren leah lillian lily linda lisa
lois loretta lori lorraine louise lucia lucy luisa lydia mabel madeleine mae mamie
marcia margaret margarita maria marian marianne marie marilyn marjorie marsha martha
mary maureen maxine megan melania melanie melissa mercedes meredith michelle mildred
miranda miriam misty molly monica myrtle nadia nancy naomi natalie nellie nicole nikki
nina nora norma olivia opal paige pamela patricia patsy paula pauline pearl peggy penny
phyllis priscilla rachel ramona rebecca regina renee rita roberta rochelle rosa rose
rosemary roxanne ruby ruth sabrina sadie sally samantha sandra sara sarah serena shannon
sharon sheila sherry shirley silvia sofia sonia sonya sophia stacey stella stephanie sue
susan susanna suzanne sylvia tamara tammy tanya tara teresa terri thelma theresa tiffany
tina ursula valerie vanessa vera veronica vicki victoria viola violet virginia vivian
wanda wendy whitney yolanda yvonne zoe
"""
)


def gender_of(first_name: str) -> str | None:
    low = first_name.lower()
    if low in MALE:
        return "m"
    if low in FEMALE:
        return "f"
    return None
