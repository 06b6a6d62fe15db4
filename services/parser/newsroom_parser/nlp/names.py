"""Common English given names by gender: a prior for "he"/"she" when the article itself
gives no honorific. Names commonly used for both are left out. And the gender a noun for a
person tells ("brother", "spokeswoman")."""

from __future__ import annotations

import unicodedata

from .lexicon import KIN_GENDER, word_set

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

# Less common and non-English given names, so that "he"/"she" can tell more people apart
# (a person of unknown gender fits either pronoun). Words that are as often surnames
# ("Harris", "Murray", "Carter") are left out: a person named by the surname alone would
# take its gender.
MALE = MALE | word_set(
    """
abdul abdullah ahmad ahmed akbar alberto alejandro alfonso ali alonzo alvaro amir
andreas andres angus anton antonin archie armando arturo asa augusto axel barney bashar
beau benito benny bernardo bertrand beto bibi blaine bo brady brock bruno bryce
bud buddy burt byron carlo cedric cesar chaim chet christian claude cliff cornelius
cornell curt cyril cyrus damian dante darius darnell daryl dashiell demetrius desmond
diego dimitri dmitry dominick donovan dwayne earnest efrain elbert eli elias elmer elton
emanuel emil emile emmett enrico ernesto ernie ernst errol erwin esteban ewan ezra
fabian federico felipe fidel franco francois franz fritz fumio garth gaston geoffrey
gerard gerardo gerhard gideon gil giovanni giuseppe glen grover guillermo gus gustavo
guy hal hamid hans harland hassan heinz helmut herb herschel hershel hiram horace hosni
howie humberto hussein ibrahim ignacio igor ira isaac ismael jacques jaime jamal jarrett
jasper jean-claude jean-luc jean-marc jean-pierre jean-yves jed jerald jerrold jess
joachim jock joey johann johannes jonah josef jules julio junior kareem kasim kelvin
kendrick kenny khalid kofi kristopher kwame lamar lars len lenny leonardo leopold les
lionel lou luciano ludwig luther lyndon mack malik marcel marcelo marlon massimo mateo
matteo maurice mauricio mauro mel merle merrick micah mickey mikhail milo mohamed
mohammad mohammed mohan moises monte monty mort moses moshe muhammad mustafa narendra
nasser nestor nigel nikolai niles nils norbert odell olaf ollie oren orrin orville osama
oswaldo otis ozzie pete pierre quincy raj rajiv rand randal raphael rashad recep reggie
reince reinhold reuben reza rhett riccardo richie rishi robby rocco rocky rod rodolfo
rogelio rolf rollie ronnie roscoe ruben rupert russ rusty salman sam sami santos scooter
sebastian sergei shane shaun shawn sheldon shinzo shlomo silvio sol solomon sonny stan
stefan stu sylvester tad tariq teddy terence terrell thad thaddeus theo thurgood tito
tomas trey tyrone ulysses uriel vern vic viktor vince virgil vito walt werner wes
wilfred will willard winston woody xi yasser yitzhak yoshihide yusuf zach zack zeke
zoltan
"""
)
FEMALE = FEMALE | word_set(
    """
abby adele adrienne aileen aimee alana alberta alejandra alexa alexandria alfreda alisa
alissa allie alyssa amalia amina angelina angeline angelique annabelle annie antonia
aparna april ariana arianna aubrey augusta ayanna azucena babette barbra bella benazir
benita bernice bessie betsey bettina blanca brandi bree brianne brigitte britney brooke
caitlin callie candice candy cara carina carissa carly carmel carmela carolina cassie
catalina cathy cecile celia celine chantal charity cherie chiquita christa christiane
ciara clarissa claudette claudine colette condoleezza consuelo cora corinne cristina
daniela danielle daphne darla deb debora deidre deirdre delia della delphine dena diann
dianna dianne dina dixie dolly dora doreen dorothea dottie edie edwina effie elise eliza
ellie elsa elsie elvira emilia emilie enid erin erma ernestine esperanza estella estelle
eugenia eunice evangeline faith fannie farah fatima fay faye flora francine freda frieda
gabriella gayle geneva georgina gertrude gillian ginger ginny giorgia giselle golda
greta gretchen guadalupe gwyneth hattie helena henrietta hilda hope huma ilhan ilse
imelda ina indira inez ingrid irma isabelle iva ivana ivy jacinda jacklyn jacky jaclyn
jade janelle janie janine jeanette jeanie jeannie jenna jeri jewel jillian joann jodi
johanna jolene joni jordana josefina josie joy juliana julianne juliet juliette june
justine kaitlyn kari karin karina katharine kathie katy kayleigh keri kerri kirsten
kitty krista kristi kristina kristy krystal kyrsten lacey lana lara latasha laurie
lavinia leanne lena leona leonor leticia lila lilia liliana lina liz liza lizzie lola
lorena lorna lottie louisa luann lucille lucinda luz lynda lynette lynne madeline
madonna maggie malia mallory mandy mara marcella marcy margie margo marguerite mariah
mariana maribel marina marine marisa marisol marissa marla marlene maryann marylou
matilda maude mavis maya mazie meghan melinda melody mette mia michele mindy minnie
mirta moira mona muriel myra nadine nanette natasha nell nelly nettie noelle noreen
odessa olga oprah ouisa pam patrice patti patty paulette penelope petra phoebe polly
queenie raquel rashida reba rebekah rhoda rhonda rosalie rosalind rosalyn rosanna
roseanne rosie rosita salma sanna sasha segolene selena selma shana shanice shanna shari
sharron shawna sheena shelia shelley shelly sheryl simone sonja stefanie susana susanne
susie suzy sybil tabitha tamika tammie tania tatiana teri tess tessa thea theodora tonya
tricia trina trisha tulsi valentina valeria vanita velma verna vicky virgie vivienne
wilma winifred yasmin yvette zelda zora
"""
)
# Common given names of Europe, Africa and Asia as news from abroad writes them.
MALE = MALE | word_set(
    """
abdoulaye akira alessandro alexei amadou amit anders andrei anil arjun babatunde bjorn
bogdan callum cathal chidi chinedu ciaran dafydd darragh deepak dieter dmitri dragan
duarte emeka enzo eoin euan fergus florian francesco gareth goran hamish haruki henrik
hideo hiroshi horst jakub jens joao jonas jurgen karim kazuo kenji klaus konstantin
krzysztof luca lucas lukas magnus mamadou marek mathias matthias maximilian milos
moussa niall nikola niklas obinna oisin oleg olusegun ondrej ousmane owain padraig paolo
pavel pawel pietro piotr rahul rainer rajesh rashid ravi rhys salvatore samir sanjay
seamus sergey sunil sven takeshi tiago tomasz tunde ulrich uwe vikram vincenzo volker
walid wojciech wolfgang youssef yuri zoran
"""
)
FEMALE = FEMALE | word_set(
    """
adaeze agnieszka ailsa aisha alessandra amelie aminata anastasia anjali anke annika
anouk aoife astrid ayesha birgit chiara chidinma chioma deepika dorota eilidh ekaterina
elisabetta elke ewa farida federica femke fernanda folake freya giulia hanne haruka
heike imogen ines ingeborg irina isolde joana kavita katarzyna katja keiko kerstin
kirsty lakshmi layla leila lenka lotte luciana ludmila magdalena mairead malgorzata
manon maren margaux margit marieke marta martina meera monika morag natalia natalya
neha ngozi niamh noemi nuria oksana orla ottilie paola pilar pooja priya raffaella
rocio roisin sabine samira sanne saoirse sigrid silke sinead siobhan solveig sophie
soraya sunita svetlana tove ulrike wilhelmina yoko yulia zainab zofia
"""
)


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def gender_of(first_name: str) -> str | None:
    """The gender of a common given name, of a double one by its first part
    ("Anna-Lena"), written with accents or without ("Lucía" as "Lucia")."""
    low = _unaccented(first_name.lower())
    if low not in MALE and low not in FEMALE and "-" in low:
        low = low.split("-")[0]
    if low in MALE:
        return "m"
    if low in FEMALE:
        return "f"
    return None


_NOT_GENDERED_MAN = frozenset({"human", "german", "shaman", "ottoman", "roman"})


def noun_gender(noun: str) -> str | None:
    """The gender a noun for a person tells: "spokeswoman", "businessman", "mother"."""
    if noun in KIN_GENDER:
        return KIN_GENDER[noun]
    if noun.endswith(("woman", "women")):
        return "f"
    if noun.endswith(("man", "men")) and len(noun) > 4 and noun not in _NOT_GENDERED_MAN:
        return "m"
    return None
